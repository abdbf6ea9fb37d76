"""Staff's search merchandising: synonyms, curated results, and the version every web process
checks to know its cached rules are current."""
from django.db import models
from django.utils.translation import gettext_lazy as _


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
