"""Search's own signal handlers, connected in SearchConfig.ready().

Indexing is not here: it is the signal processor of search/indexing/. This
keeps the facet labels each process caches in step with category and
attribute names, the cached synonyms, curations, rules, A/B tests and suggest completions
in step with staff's edits, and sends the query log's notes once a request is finished.
"""
from django.core.signals import request_finished
from django.db.models.signals import post_delete, post_save

from common.languages import shop_languages
from products.models import (
    AttributeType,
    AttributeTypeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
)
from search import query_log
from search.catalog_words import forget_catalog_words
from search.models import (
    BlockedSuggestion,
    CatalogWord,
    CuratedProduct,
    Curation,
    Experiment,
    ExperimentArm,
    Rule,
    Synonym,
)
from search.rules import bump_rules_version
from search.selectors.facet_labels import forget_facet_labels
from search.selectors.suggest_phrases import forget_suggest_phrases
from search.understanding.vocabulary import forget_vocabularies


def facet_names_changed(sender, **kwargs):
    """Category or attribute names feed facet labels, the words a query is understood by and
    the categories suggest names: drop this process's cached copies."""
    forget_facet_labels(shop_languages())
    forget_vocabularies(shop_languages())
    forget_suggest_phrases()


def rules_changed(sender, **kwargs):
    """A synonym, curation, rule or A/B test changed: every process's cached copy is now stale."""
    bump_rules_version()


def rule_target_deleted(sender, **kwargs):
    """A category or attribute value a rule may act on is gone (the rule keeps its row, without
    it: SET_NULL writes no signal of its own): every process reloads the rules."""
    bump_rules_version()


def catalog_words_changed(sender, **kwargs):
    """Staff changed a catalog word: this process reads them again at once (others within a minute)."""
    forget_catalog_words()


def blocked_suggestions_changed(sender, **kwargs):
    """Staff blocked or unblocked a suggestion: this process reads the completions again at once
    (others within a minute, search/selectors/suggest_phrases.py)."""
    forget_suggest_phrases()


def connect():
    for signal in (post_save, post_delete):
        signal.connect(blocked_suggestions_changed, sender=BlockedSuggestion, dispatch_uid="search-blocked-suggestions")
    for signal in (post_save, post_delete):
        signal.connect(catalog_words_changed, sender=CatalogWord, dispatch_uid="search-catalog-words")
    for model in (Synonym, Curation, CuratedProduct, Rule, Experiment, ExperimentArm):
        for signal in (post_save, post_delete):
            signal.connect(rules_changed, sender=model, dispatch_uid=f"search-rules-{model.__name__}")
    for model in (Category, AttributeValue):
        post_delete.connect(rule_target_deleted, sender=model, dispatch_uid=f"search-rule-target-{model.__name__}")
    request_finished.connect(query_log.flush, dispatch_uid="search-query-log")
    for model in (Category, CategoryTranslation, AttributeType, AttributeTypeTranslation,
                  AttributeValue, AttributeValueTranslation):
        for signal in (post_save, post_delete):
            signal.connect(facet_names_changed, sender=model, dispatch_uid=f"search-labels-{model.__name__}")
