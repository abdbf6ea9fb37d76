"""Rebuild: our `search_index --rebuild` vs a raw helpers.bulk of the same documents."""
import json
import re
import tempfile

from lib.env import BIN, ROOT, manage, run, say


def dump_documents(path):
    """Writes every published product's document, as our rebuild builds it, one JSON per line."""
    code = (
        "import json; from django.core.serializers.json import DjangoJSONEncoder as E; "
        "from search.documents import ProductDocument as D; d = D(); "
        f"f = open({str(path)!r}, 'w'); "
        "[f.write(json.dumps(d.prepare(p), cls=E) + '\\n') for p in d.get_indexing_queryset()]; f.close()"
    )
    manage("shell", "-c", code)


def _ours():
    output, wall, peak_mb = manage("search_index", "--rebuild", "-f")
    match = re.search(r"Rebuilt \S+: (\d+) products in ([\d.]+)s", output)
    docs, seconds = int(match.group(1)), float(match.group(2))
    return {"docs": docs, "seconds": seconds, "docs_per_s": docs / seconds, "wall_s": wall, "peak_rss_mb": peak_mb}


def _raw(documents_path):
    from django.conf import settings

    host = settings.ELASTICSEARCH_HOSTS[0]
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}_products"
    output, _, peak_mb = run([str(BIN / "python"), str(ROOT / "bench" / "lib" / "raw_bulk.py"), host, alias,
                              str(documents_path)])
    result = json.loads(output.strip().splitlines()[-1])
    result.update(docs_per_s=result["docs"] / result["seconds"], peak_rss_mb=peak_mb)
    return result


def measure_at(count, seed=42):
    say(f"loading {count} demo products")
    manage("load_demo_catalog", f"--products={count}", f"--seed={seed}", "--reset")
    say(f"rebuilding the index of {count} products (ours)")
    ours = _ours()
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as documents:
        say("building the same documents for the raw bulk baseline")
        dump_documents(documents.name)
        say("raw helpers.bulk of the same documents")
        raw = _raw(documents.name)
    say(f"  ours {ours['docs_per_s']:.0f} docs/s, raw {raw['docs_per_s']:.0f} docs/s, "
        f"peak {ours['peak_rss_mb']:.0f} MB")
    return {"products": count, "ours": ours, "raw": raw, "rate_ratio": ours["docs_per_s"] / raw["docs_per_s"]}


def prepare_catalog(count, seed=42):
    """A catalog of `count` products, indexed, for the measurements that follow."""
    manage("load_demo_catalog", f"--products={count}", f"--seed={seed}", "--reset")
    manage("search_index", "--rebuild", "-f")


def catalog_is_ready(count):
    """An earlier run left `count` products in the database, all published ones in the index."""
    from products.models import Product
    from search.indexing.indices import alias, client

    if Product.objects.count() != count:
        return False
    published = Product.objects.filter(is_published=True).count()
    try:
        indexed = client().count(index=alias())["count"]
    except Exception:  # no index yet
        return False
    say(f"reusing the catalog of {count} products ({indexed} indexed)" if indexed == published else
        f"the index holds {indexed} of {published} published products: rebuilding")
    return indexed == published


def measure(products):
    """Rebuild at N and 2N: rate vs raw, linear time, flat memory."""
    at_n = measure_at(products)
    at_2n = measure_at(2 * products)
    return {
        "n": at_n,
        "two_n": at_2n,
        "time_growth": at_2n["ours"]["seconds"] / at_n["ours"]["seconds"],
        "memory_growth": at_2n["ours"]["peak_rss_mb"] / at_n["ours"]["peak_rss_mb"],
    }
