"""What must hold after the soak, each measured as a figure (run in the soak's process, with
Django pointed at the soak's own services)."""
import email
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

BACK_IN_STOCK = re.compile(r"^soak-(\d+)-\d+@example\.com$")


def _pg_state(product):
    if product is None:
        return {"deleted": True}
    return {"deleted": False, "price": product.price, "is_published": product.is_published, "stock": product.stock}


def acknowledged_writes(ledger):
    """Each field an acknowledged write set holds in PostgreSQL, unless a later write that was
    not acknowledged (it may have committed anyway) left what PostgreSQL holds."""
    from products.models import Product
    from search.models import Curation, Synonym

    products = {p.id: p for p in Product.objects.filter(id__in=list(ledger.products))}
    lost = []
    for pk, writes in ledger.products.items():
        state = _pg_state(products.get(pk))
        for field in {name for fields, _ in writes for name in fields}:
            sent = [(fields[field], acknowledged) for fields, acknowledged in writes if field in fields]
            last = max((i for i, (_, acknowledged) in enumerate(sent) if acknowledged), default=None)
            if last is None:
                continue
            allowed = [value for value, _ in sent[last:]]
            actual = state.get(field, None if field != "deleted" else False)
            if field != "deleted" and state["deleted"]:
                if any(f.get("deleted") for f, _ in writes):
                    continue  # deleted afterwards (acknowledged or not)
            if actual not in allowed:
                lost.append({"product": pk, "field": field, "acknowledged": str(sent[last][0]),
                             "postgres": str(actual)})
    skus = set(Product.objects.filter(sku__in=[sku for sku, ok, _ in ledger.created if ok])
               .values_list("sku", flat=True))
    deleted = {pk for pk, writes in ledger.products.items() if any(f.get("deleted") for f, _ in writes)}
    missing_creates = [sku for sku, ok, pk in ledger.created if ok and sku not in skus and pk not in deleted]
    words = set(Synonym.objects.values_list("terms", flat=True))
    lost_synonyms = [w for w, ok in ledger.synonyms if ok and not any(t.startswith(f"{w},") for t in words)]
    queries = set(Curation.objects.values_list("query", flat=True))
    lost_curations = [q for q, ok in ledger.curations if ok and q not in queries]
    return {
        "by_kind": {kind: {"attempted": a, "acknowledged": k} for kind, (a, k) in sorted(ledger.counts.items())},
        "acknowledged": sum(k for _, k in ledger.counts.values()),
        "attempted": sum(a for a, _ in ledger.counts.values()),
        "lost": len(lost) + len(lost_synonyms) + len(lost_curations) + len(missing_creates),
        "lost_fields": lost[:20], "lost_synonyms": lost_synonyms, "lost_curations": lost_curations,
        "creates_acknowledged_missing": missing_creates[:20],
    }


def index_mismatches():
    """Published products missing from the index or stale there (price, stock, an older
    version than the last recorded change), and documents of unpublished or deleted ones."""
    from elasticsearch.helpers import scan
    from elasticsearch_dsl.connections import connections

    from products.models import Product
    from search.documents import ProductDocument
    from search.models import PendingIndexChange

    client = connections.get_connection()
    index = ProductDocument._index._name
    client.indices.refresh(index=index)
    hits = scan(client, index=index, query={"query": {"match_all": {}}}, _source=["price", "in_stock"], version=True)
    documents = {int(hit["_id"]): hit for hit in hits}
    published = {p.id: p for p in Product.objects.filter(is_published=True)}
    seqs = dict(PendingIndexChange.objects.values_list("product_id", "seq"))
    missing = [pk for pk in published if pk not in documents]
    unexpected = [pk for pk in documents if pk not in published]
    stale = []
    for pk, product in published.items():
        hit = documents.get(pk)
        if hit is None:
            continue
        source = hit["_source"]
        behind = pk in seqs and hit.get("_version", 0) < seqs[pk]
        price = Decimal(str(source.get("price")))
        if behind or price != product.price or source.get("in_stock") != (product.stock > 0):
            stale.append(pk)
    return {"published": len(published), "documents": len(documents), "missing": len(missing),
            "stale": len(stale), "unexpected": len(unexpected), "total": len(missing) + len(stale) + len(unexpected),
            "examples": {"missing": missing[:10], "stale": stale[:10], "unexpected": unexpected[:10]}}


def delivered_emails(directory):
    """Recipients of every email the file backend wrote, one entry per delivery."""
    recipients = Counter()
    for path in sorted(Path(directory).glob("*.log")):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip() + "\n")
            for address in (message.get("To") or "").split(","):
                if address.strip():
                    recipients[address.strip()] += 1
    return recipients


def emails(directory, restock_pool):
    """Owed: every confirmed subscriber of a restocked, published product of the pool."""
    from emails.models import BackInStockSubscription
    from products.models import Product

    back = set(Product.objects.filter(id__in=restock_pool, stock__gt=0, is_published=True).values_list("id", flat=True))
    owed = set(BackInStockSubscription.objects.filter(product_id__in=back, confirmed_at__isnull=False)
               .values_list("email", flat=True))
    delivered = Counter({address: n for address, n in delivered_emails(directory).items()
                         if BACK_IN_STOCK.match(address)})
    return {"owed": len(owed), "delivered": sum(delivered.values()),
            "missing": len(owed - set(delivered)), "duplicates": sum(n - 1 for n in delivered.values() if n > 1),
            "unexpected": len(set(delivered) - owed),
            "examples": {"missing": sorted(owed - set(delivered))[:10],
                         "duplicated": sorted(a for a, n in delivered.items() if n > 1)[:10]}}


def backlog():
    from emails.models import OutboundEmail
    from search.models import PendingIndexChange

    changes = PendingIndexChange.objects.filter(processed_at__isnull=True)
    return {"index_changes_pending": changes.filter(parked_at__isnull=True).count(),
            "index_changes_parked": changes.filter(parked_at__isnull=False).count(),
            "emails_pending": OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).count(),
            "emails_failed": OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).count()}


def query_log(search_ids, windows, batch_seconds):
    """Answered searches found in the query log. A killed web process loses the notes it had
    not written yet (up to SEARCH_LOG_BATCH_SECONDS of its searches): the documented loss."""
    from search.models import SearchLogEntry

    ids = [search_id for _, search_id in search_ids]
    logged = set()
    for start in range(0, len(ids), 5000):
        logged.update(str(value) for value in SearchLogEntry.objects.filter(search_id__in=ids[start:start + 5000])
                      .values_list("search_id", flat=True))
    kills = [w["start"] for w in windows if w["fault"] == "kill -9 gunicorn worker"]
    missing = [(t, search_id) for t, search_id in search_ids if search_id not in logged]
    explained = [m for m in missing if any(kill - batch_seconds - 1.0 <= m[0] <= kill + 0.5 for kill in kills)]
    return {"answered": len(ids), "logged": len(logged), "missing": len(missing),
            "lost_to_killed_web_process": len(explained), "unexplained": len(missing) - len(explained)}


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0


def searches(samples, windows):
    """Error rate and p99 of shoppers' requests inside and outside the fault windows."""
    def inside(t):
        return any(w["start"] <= t <= w["end"] for w in windows)

    result = {}
    for name, wanted in (("inside", True), ("outside", False)):
        rows = [s for s in samples if s[1] in ("search", "suggest") and inside(s[0]) == wanted]
        errors = [s for s in rows if not 200 <= s[3] < 300]
        result[name] = {"requests": len(rows), "errors": len(errors),
                        "error_rate": len(errors) / len(rows) if rows else 0.0,
                        "p50_ms": percentile([s[2] for s in rows], 0.50),
                        "p99_ms": percentile([s[2] for s in rows], 0.99),
                        "statuses": dict(Counter(str(s[3]) for s in errors))}
    clicks = [s for s in samples if s[1] == "click"]
    result["clicks"] = {"requests": len(clicks), "errors": sum(1 for s in clicks if not 200 <= s[3] < 300)}
    return result
