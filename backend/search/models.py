"""The durable record of catalog changes that Elasticsearch has not seen yet.

A row is written in the same PostgreSQL transaction as the catalog change, so
a change can never be committed without it. One row per product: repeated
changes merge into it and bump `seq`, a number from a PostgreSQL sequence that
only grows; it doubles as the document's external version in Elasticsearch,
so an older state can never overwrite a newer one.
"""
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


# The ever-growing counter behind PendingIndexChange.seq (migration 0002).
CHANGE_SEQUENCE = "search_change_seq"


class PendingIndexChange(models.Model):
    # No foreign key: a deleted product must still be removed from the index.
    product_id = models.BigIntegerField(_("product ID"), primary_key=True)
    seq = models.BigIntegerField(_("sequence"))
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # How many times Elasticsearch refused the document itself (outages do not count);
    # at SEARCH_SYNC_MAX_REJECTIONS the change is parked: kept, no longer retried.
    rejections = models.PositiveIntegerField(_("rejections"), default=0)
    parked_at = models.DateTimeField(_("parked"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending index change")
        verbose_name_plural = _("pending index changes")
        indexes = [
            models.Index(
                fields=["seq"], name="pending_change_backlog",
                condition=models.Q(processed_at__isnull=True),
            ),
            # Changes pending or applied a moment ago (search/selectors/unlisted.py).
            models.Index(fields=["processed_at"], name="pending_change_processed"),
        ]

    @property
    def state(self):
        if self.processed_at:
            return "done"
        if self.parked_at:
            return "parked"
        return "failing" if self.attempts else "pending"

    def __str__(self):
        state = self.state if self.state in {"done", "parked"} else f"pending (attempts {self.attempts})"
        return f"product {self.product_id} seq {self.seq}: {state}"


class IndexFailureKind(models.Model):
    """A kind of document Elasticsearch refuses, seen when changes were parked for it:
    staff are emailed once per kind, not once per change or attempt."""

    kind = models.CharField(_("kind"), max_length=200, unique=True)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    parked_changes = models.PositiveIntegerField(_("parked changes"), default=0)

    class Meta:
        verbose_name = _("index failure kind")
        verbose_name_plural = _("index failure kinds")

    def __str__(self):
        return self.kind


class Synonym(models.Model):
    """Staff's words for what shoppers type, applied when a query is read (no reindex).

    One-way: a shopper's `source` word also finds the `terms` ("mobil" -> telefon).
    Equivalent: every word of `terms` finds all the others (triko, tričko, tshirt)."""

    ONE_WAY, EQUIVALENT = "one_way", "equivalent"
    language = models.CharField(_("language"), max_length=8)
    KINDS = [(ONE_WAY, _("one-way (source → terms)")), (EQUIVALENT, _("equivalent group"))]
    kind = models.CharField(_("kind"), max_length=12, choices=KINDS, default=EQUIVALENT)
    source = models.CharField(_("source"), max_length=100, blank=True,
                              help_text=_("one-way only: the word shoppers type"))
    terms = models.CharField(_("terms"), max_length=500, help_text=_("words separated by commas"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["language", "source", "terms"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        arrow = f"{self.source} → " if self.kind == self.ONE_WAY else "= "
        return f"[{self.language}] {arrow}{self.terms}"


class Curation(models.Model):
    """For one normalised query in one language: products pinned on top (in order) or hidden."""

    language = models.CharField(_("language"), max_length=8)
    query = models.CharField(_("query"), max_length=200,
                             help_text=_("normalised: lowercase, no diacritics, single spaces"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "query"], name="curation_per_query")]
        ordering = ["language", "query"]
        verbose_name = _("curation")
        verbose_name_plural = _("curations")

    def __str__(self):
        return f"[{self.language}] {self.query}"


class CuratedProduct(models.Model):
    PIN, HIDE = "pin", "hide"
    curation = models.ForeignKey(Curation, on_delete=models.CASCADE, related_name="products",
                                 verbose_name=_("curation"))
    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("product"))
    action = models.CharField(_("action"), max_length=4, choices=[(PIN, _("pin")), (HIDE, _("hide"))], default=PIN)
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("pins: smaller first"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["curation", "product"], name="curated_once")]
        ordering = ["position", "id"]
        verbose_name = _("curated product")
        verbose_name_plural = _("curated products")


class RulesVersion(models.Model):
    """One row bumped by every synonym, curation, rule or experiment change, so each process knows when
    its cached copy is stale (search/rules.py)."""

    version = models.BigIntegerField(default=0)


class SearchLogEntry(models.Model):
    """One public search, written off the request path (search/query_log.py). No IP address
    or user: only what was searched, in which language, how much was found and by what, and
    keyed hashes standing for the shopper and the client's network (search/shoppers.py) so
    popular queries can be counted by distinct shoppers and distinct networks."""

    search_id = models.UUIDField(_("search ID"), unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=8)
    query = models.CharField(_("query"), max_length=200)
    results = models.PositiveIntegerField(_("results"))
    backend = models.CharField(_("backend"), max_length=16)
    offset = models.PositiveIntegerField(_("offset"), default=0)  # > 0: a later page of the same search
    shopper = models.CharField(_("shopper"), max_length=32, blank=True, default="")  # HMAC of an id, never the id
    # HMAC of the client's /24 (IPv4) or /48 (IPv6), never the address
    network = models.CharField(_("network"), max_length=32, blank=True, default="")
    # The A/B test and arm the search ranked with (search/experiment.py); ids, no foreign key:
    # the log is written asynchronously and outlives a deleted experiment.
    experiment = models.BigIntegerField(_("experiment"), null=True, blank=True)
    arm = models.BigIntegerField(_("arm"), null=True, blank=True)
    # The products the page showed, in order (positions offset + 1, ...): impressions for popularity
    # (a database default too: an older release's insert, during a rolling deploy, names no such column)
    shown = ArrayField(models.BigIntegerField(), verbose_name=_("shown products"), blank=True, default=list,
                       db_default=RawSQL("'{}'::bigint[]", ()))

    class Meta:
        verbose_name = _("search log entry")
        verbose_name_plural = _("search log entries")
        indexes = [models.Index(fields=["language", "query"], name="search_log_query"),
                   models.Index(fields=["experiment", "created_at"], name="search_log_experiment",
                                condition=models.Q(experiment__isnull=False))]

    def __str__(self):
        return f"[{self.language}] {self.query}: {self.results}"


class SearchAnalytics(SearchLogEntry):
    """The analytics dashboard's admin entry (Search → Analytics, search/admin_analytics.py): no
    table of its own, only its permission, `search.view_analytics`, which staff are given apart
    from the query log's."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [("view_analytics", _("Can view search analytics"))]
        verbose_name = _("analytics")
        verbose_name_plural = _("analytics")


class SearchClick(models.Model):
    """A result the shopper opened: the search it came from (no foreign key, the log row is
    written asynchronously and may arrive later), the product and its 1-based position."""

    search_id = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    product_id = models.BigIntegerField()
    position = models.PositiveIntegerField()


class ProductPopularity(models.Model):
    """A product's popularity in one language, rolled up from clicks over impressions
    (search/popularity.py); indexed in its document, read by the fallback's ordering."""

    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="search_popularity")
    language = models.CharField(max_length=8)
    clicks = models.FloatField()  # decayed, once per search
    expected = models.FloatField()  # decayed clicks an average product would have had where it was shown
    score = models.FloatField()  # 0..1, 0.5 average (search.popularity.score)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "language"], name="search_popularity_unique")]


class PopularitySlotDay(models.Model):
    """Per day, language and position: how many results were shown there and how many clicked
    (search/popularity.py: the click-through rate each position is expected to get)."""

    day = models.DateField()
    language = models.CharField(max_length=8)
    slot = models.PositiveIntegerField()
    impressions = models.BigIntegerField()
    clicks = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="search_popslot_day")]


class PopularityDay(models.Model):
    """Per day, language and product: its clicks (once per search) and the clicks an average
    product would have had where it was shown that day (search/popularity.py)."""

    day = models.DateField()
    language = models.CharField(max_length=8)
    product_id = models.BigIntegerField()
    clicks = models.FloatField()
    expected = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="search_popday_day")]


class SearchDay(models.Model):
    """The query log rolled up per day (shop's time zone), language and query for the analytics
    dashboard's long periods (search/analytics_rollup.py): first-page searches, and the clicks'
    share of them, counted when the day was rolled up."""

    day = models.DateField()
    language = models.CharField(max_length=8)
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField()
    zero_results = models.PositiveIntegerField()
    searches_with_results = models.PositiveIntegerField()
    clicked_searches = models.PositiveIntegerField()
    results_sum = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "language", "query"], name="search_day_query")]


class SearchDayClick(models.Model):
    """Clicks rolled up per day of their search, language, query and product."""

    day = models.DateField(db_index=True)
    language = models.CharField(max_length=8)
    query = models.CharField(max_length=200)
    product_id = models.BigIntegerField()
    clicks = models.PositiveIntegerField()
    position_sum = models.BigIntegerField()


class AnalyticsRollup(models.Model):
    """One row: the last day the roll-up covers; later days are read from the log itself."""

    rolled_through = models.DateField(null=True)


class SuggestedQuery(models.Model):
    """A query completion offered while typing, refreshed by `search_suggest_rollup`
    (search/suggest_rollup.py): a phrase of the catalog's own or a search enough distinct
    shoppers made that found something. Read per process, never the log per keystroke."""

    CATALOG, SEARCHES = "catalog", "searches"
    language = models.CharField(_("language"), max_length=8)
    normalised = models.CharField(_("normalised"), max_length=200)  # search.text.normalised: one row per query
    text = models.CharField(_("text"), max_length=200)  # as shown, with the catalog's diacritics
    keys = models.JSONField(_("keys"), default=list)  # per word: its folded form and its lemmas' (matching)
    source = models.CharField(_("source"), max_length=8, choices=[(CATALOG, _("catalog")), (SEARCHES, _("searches"))])
    weight = models.PositiveIntegerField(_("weight"), default=0)  # distinct shoppers, or products sharing the phrase
    refreshed_at = models.DateTimeField(_("refreshed"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "normalised"], name="suggested_query_once")]
        ordering = ["language", "-weight", "normalised"]
        verbose_name = _("suggested query")
        verbose_name_plural = _("suggested queries")

    def __str__(self):
        return f"[{self.language}] {self.text} ({self.source} {self.weight})"


class BlockedSuggestion(models.Model):
    """A phrase staff never want offered as a completion (spam, an insult, someone's data):
    a completion whose normalised words contain it is left out by the roll-up and when each
    process reads the completions (search/selectors/suggest_blocks.py)."""

    language = models.CharField(_("language"), max_length=8, blank=True,
                                help_text=_("empty: every language"))
    phrase = models.CharField(_("phrase"), max_length=200,
                              help_text=_("normalised: lowercase, no diacritics, single spaces"))
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("why it is blocked"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "phrase"], name="blocked_suggestion_once")]
        ordering = ["language", "phrase"]
        verbose_name = _("blocked suggestion")
        verbose_name_plural = _("blocked suggestions")

    def __str__(self):
        return f"[{self.language or '*'}] {self.phrase}"


class CatalogWord(models.Model):
    """A word the catalog uses that the lemma dictionary lacks, and the lemma its forms share
    (search/catalog_words.py). `catalog` rows are written by `manage.py catalog_words --save`
    (each save replaces them); `staff` rows are staff's own and win over them."""

    CATALOG, STAFF = "catalog", "staff"
    SOURCES = [(CATALOG, _("found in the catalog")), (STAFF, _("staff"))]
    language = models.CharField(_("language"), max_length=8)
    form = models.CharField(_("form"), max_length=100,
                            help_text=_("the word as the catalog or shoppers write it, lowercase"))
    lemma = models.CharField(_("lemma"), max_length=100, help_text=_("the word its forms are grouped under"))
    source = models.CharField(_("source"), max_length=8, choices=SOURCES, default=STAFF)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["language", "form"]
        constraints = [models.UniqueConstraint(fields=["language", "form"], name="catalog_word_form")]
        verbose_name = _("catalog word")
        verbose_name_plural = _("catalog words")

    def __str__(self):
        return f"[{self.language}] {self.form} → {self.lemma}"


from search.experiment import Experiment, ExperimentArm, ExperimentDay  # noqa: E402,F401  (A/B tests of rankings)
from search.search_rule import Rule  # noqa: E402,F401  (staff's boost, bury, banner and redirect rules)
