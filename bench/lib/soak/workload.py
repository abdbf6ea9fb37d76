"""The soak's workload, one thread per actor, each keeping what it was told:

- shoppers (8 connections): the bench's search mix and suggest prefixes, clicks on results;
  every request's time, latency and status, and the search ids of answered searches;
- staff through the staff API: create, edit, publish/unpublish, delete, and stock 0 -> 5 on
  products with confirmed back-in-stock subscribers; every write attempted, with whether it
  was acknowledged (2xx), in a ledger the invariants read;
- staff through the admin: bulk publish/unpublish (the changelist action), synonym and
  curation edits (acknowledged: the admin's redirect after a save).
"""
import itertools
import random
import threading
import uuid
from collections import defaultdict
from decimal import Decimal

from lib.soak.client import Client

SHOPPERS = 8
CLICK_SHARE = 0.1
SUGGEST_SHARE = 0.2


def letters(number):
    """A number as a word of letters (synonyms and curations keep words of letters only)."""
    return "".join(chr(ord("a") + int(digit)) for digit in str(number))


class Ledger:
    """Staff writes per product: [(fields, acknowledged)], in the order they were sent."""

    def __init__(self):
        self.lock = threading.Lock()
        self.products = defaultdict(list)
        self.created = []  # (sku, acknowledged, id)
        self.synonyms = []  # (word, acknowledged)
        self.curations = []  # (query, acknowledged)
        self.counts = defaultdict(lambda: [0, 0])  # kind -> [attempted, acknowledged]

    def write(self, kind, product_id, fields, acknowledged):
        with self.lock:
            if product_id is not None:
                self.products[product_id].append((fields, acknowledged))
            self.counts[kind][0] += 1
            self.counts[kind][1] += bool(acknowledged)


class Workload:
    def __init__(self, port, clock, pools, staff, mix, prefixes):
        self.port, self.clock, self.pools, self.staff = port, clock, pools, staff
        self.mix, self.prefixes = mix, prefixes
        self.stop_event = threading.Event()
        self.samples = []  # (t, kind, ms, status)
        self.search_ids = []  # (t, search id) of answered searches
        self.ledger = Ledger()
        self.threads = []

    def start(self):
        actors = [self.shopper] * SHOPPERS + [self.staff_api, self.admin]
        for number, actor in enumerate(actors):
            thread = threading.Thread(target=actor, args=(number,), daemon=True, name=f"soak-{actor.__name__}")
            thread.start()
            self.threads.append(thread)

    def stop(self):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=30)

    # --- shoppers -----------------------------------------------------------------
    def shopper(self, number):
        rng = random.Random(number)
        client = Client(self.port, {"X-Shopper-Id": str(uuid.uuid4())})
        from urllib.parse import urlencode
        while not self.stop_event.is_set():
            if rng.random() < SUGGEST_SHARE:
                reply = client.request("GET", f"/api/search/suggest/cs/?{urlencode({'q': rng.choice(self.prefixes)})}")
                self.samples.append((self.clock(), "suggest", reply.seconds * 1000, reply.status))
                continue
            reply = client.request("GET", f"/api/search/products/cs/?{urlencode(rng.choice(self.mix))}")
            now = self.clock()
            self.samples.append((now, "search", reply.seconds * 1000, reply.status))
            if reply.status == 200:
                page = reply.json()
                if page.get("search_id"):
                    self.search_ids.append((now, page["search_id"]))
                    results = page.get("results") or []
                    if results and rng.random() < CLICK_SHARE:
                        position = rng.randrange(len(results))
                        click = client.request("POST", "/api/search/clicks/", data={
                            "search_id": page["search_id"], "product_id": results[position]["id"],
                            "position": position + 1})
                        self.samples.append((self.clock(), "click", click.seconds * 1000, click.status))

    # --- staff API ----------------------------------------------------------------
    def staff_api(self, number):
        rng = random.Random(1000 + number)
        client = Client(self.port, {"Authorization": f"Token {self.staff['token']}"})
        restock = iter(self.pools["restock"])
        created = []
        serial = itertools.count(1)
        edit = self.pools["edit"]
        while not self.stop_event.is_set():
            roll = rng.random()
            if roll < 0.35:
                pk, price = rng.choice(edit), Decimal(rng.randrange(100, 99_900)) / 100
                reply = client.request("PATCH", f"/api/staff/products/{pk}/", data={"price": str(price)})
                self.ledger.write("edit price", pk, {"price": price}, reply.status == 200)
            elif roll < 0.55:
                pk, published = rng.choice(edit), rng.random() < 0.6
                reply = client.request("POST", f"/api/staff/products/{pk}/{'publish' if published else 'unpublish'}/")
                self.ledger.write("publish/unpublish", pk, {"is_published": published}, 200 <= reply.status < 300)
            elif roll < 0.75:
                n = next(serial)
                sku = f"SOAK-{self.staff['run']}-{n}"
                reply = client.request("POST", "/api/staff/products/", data={
                    "sku": sku, "price": "499.00", "stock": 3, "is_published": True,
                    "translations": [{"language": "cs", "title": f"Soak bota {letters(n)}"}]})
                pk = reply.json().get("id") if reply.status == 201 else None
                with self.ledger.lock:
                    self.ledger.created.append((sku, reply.status == 201, pk))
                self.ledger.write("create", pk, {"price": Decimal("499.00"), "is_published": True},
                                  reply.status == 201)
                if pk:
                    created.append(pk)
            elif roll < 0.85 and created:
                pk = created.pop(rng.randrange(len(created)))
                reply = client.request("DELETE", f"/api/staff/products/{pk}/")
                self.ledger.write("delete", pk, {"deleted": True}, 200 <= reply.status < 300)
            else:
                pk = next(restock, None)
                if pk is not None:
                    reply = client.request("PATCH", f"/api/staff/products/{pk}/", data={"stock": 5})
                    self.ledger.write("restock", pk, {"stock": 5}, reply.status == 200)
            self.stop_event.wait(0.25)

    # --- admin --------------------------------------------------------------------
    def _admin_login(self, client):
        token = client.csrf_form("/admin/login/")
        if token is None:
            return False
        reply = client.request("POST", "/admin/login/", form={
            "username": self.staff["username"], "password": self.staff["password"], "next": "/admin/",
            "csrfmiddlewaretoken": token})
        return reply.status == 302

    def _admin_post(self, client, path, form):
        """A form POST as the admin's pages send it; acknowledged when answered with a redirect."""
        token = client.csrf_form(path)
        if token is None:
            if not self._admin_login(client):
                return False
            token = client.csrf_form(path)
            if token is None:
                return False
        reply = client.request("POST", path, form={**form, "csrfmiddlewaretoken": token})
        return reply.status == 302 and "/login/" not in reply.headers.get("Location", "")

    def admin(self, number):
        rng = random.Random(2000 + number)
        client = Client(self.port)
        bulk = self.pools["bulk"]
        for step in itertools.count():
            if self.stop_event.is_set():
                return
            kind = step % 4
            if kind in (0, 2):
                ids = rng.sample(bulk, k=max(1, len(bulk) // 2))
                published = kind == 0
                acknowledged = self._admin_post(client, "/admin/products/product/", {
                    "action": "publish" if published else "unpublish", "index": 0, "select_across": 0,
                    "_selected_action": ids})
                for pk in ids:
                    self.ledger.write("admin bulk publish/unpublish (per product)", pk, {"is_published": published},
                                      acknowledged)
            elif kind == 1:
                word = f"soak{letters(step)}"
                acknowledged = self._admin_post(client, "/admin/search/synonym/add/", {
                    "language": "cs", "kind": "equivalent", "source": "", "terms": f"{word}, {word}x"})
                self.ledger.write("admin synonym", None, {}, acknowledged)
                with self.ledger.lock:
                    self.ledger.synonyms.append((word, acknowledged))
            else:
                query = f"soak {letters(step)}"
                acknowledged = self._admin_post(client, "/admin/search/curation/add/", {
                    "language": "cs", "query": query, "products-TOTAL_FORMS": 1, "products-INITIAL_FORMS": 0,
                    "products-MIN_NUM_FORMS": 0, "products-MAX_NUM_FORMS": 1000, "products-0-action": "pin",
                    "products-0-product": rng.choice(self.pools["edit"]), "products-0-position": 1})
                self.ledger.write("admin curation", None, {}, acknowledged)
                with self.ledger.lock:
                    self.ledger.curations.append((query, acknowledged))
            self.stop_event.wait(1.5)
