"""Search's models, one concept per module; every model is importable from `search.models`."""
from search.models.outbox import CHANGE_SEQUENCE, IndexFailureKind, PendingIndexChange  # noqa: F401
from search.models.merchandising import CuratedProduct, Curation, RulesVersion, Synonym  # noqa: F401
from search.models.query_log import SearchAnalytics, SearchClick, SearchLogEntry  # noqa: F401
from search.models.rollups import (  # noqa: F401
    AnalyticsRollup, PopularityDay, PopularitySlotDay, ProductPopularity, SearchDay, SearchDayClick)
from search.models.vocabulary import BlockedSuggestion, CatalogWord, SuggestedQuery  # noqa: F401
from search.experiment import Experiment, ExperimentArm, ExperimentDay  # noqa: F401  (A/B tests of rankings)
from search.search_rule import Rule  # noqa: F401  (staff's boost, bury, banner and redirect rules)
