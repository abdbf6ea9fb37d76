"""The query log (one row per search, with what its page showed) and its clicks: what the
analytics, popularity and A/B tests read."""
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
