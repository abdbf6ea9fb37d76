"""Words: the suggestions shoppers' queries make (and staff block), and the catalog's words
the lemma dictionary lacks."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
