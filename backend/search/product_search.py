"""One product search, from the validated request to the page: the path every search takes.

    search = prepare(params, explicit, language)  # read once: synonyms, curation, rules, understanding
    result = run(search, make_query, document_class)

`prepare` reads what the request asks: staff's synonyms, curation and rules
(search/rule_actions.py: boosts, banners, a redirect) for the text as typed,
what the text asks beyond its words (search/understanding: limits, an order,
attribute values, a category) merged under the explicit parameters, and the
text left for full-text search, read word by word with its lemmas, families
and synonyms. `run` hands that one object to Elasticsearch or,
when it is off or down, to PostgreSQL (selectors/backend.answer), with staff's
curation around either (selectors/curated.py) and staff's boosts and buries
inside either (selectors/rule_boosts.py); when the understood filters
leave nothing it searches again as typed, and says so. The result carries what
the response needs: the page, which backend answered and why, the read query
(for highlights and the synonyms used) and the understood parts.
"""
import logging
from dataclasses import dataclass, field, replace

from search.queries import ALWAYS, UNFINISHED, ShopperQuery, read_query
from search.ranking import Ranking, default_ranking
from search.rule_actions import NONE, RuleActions, rule_actions
from search.rules import curation_for, rules_version, search_rules, synonyms_for
from search.selectors import elastic, postgres
from search.selectors.backend import Answer, answer
from search.selectors.curated import curated_page
from search.understanding import applied_params, understand

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProductSearch:
    language: str
    params: dict  # validated, as the request gave them
    searched: dict  # the params searched: understood limits, order, filters and boosts applied
    query: ShopperQuery  # searched["q"] read once, with staff's synonyms
    synonyms: dict = field(default_factory=dict)
    curation: object = None  # staff's curation for the text as typed (search.rules)
    understood: tuple = ()  # the understood parts applied (search.understanding.Understood)
    actions: RuleActions = NONE  # what staff's rules do to this search (search.rule_actions)
    ranking: Ranking = field(default_factory=default_ranking)  # the default, or an A/B test arm's
    # Products unlisted in flight to leave out of Elasticsearch's answer, as expected beforehand
    # (search/selectors/unlisted.py); None: read them first.
    unlisted: tuple | None = None

    def as_typed(self):
        """The same search without what was understood."""
        return replace(self, searched=self.params, understood=(),
                       query=read_query(self.params["q"], self.language, synonyms=self.synonyms))


@dataclass(frozen=True)
class SearchResult:
    search: ProductSearch  # what was searched in the end (as typed, if understanding was dropped)
    found: Answer  # .value: a SearchPage; .backend; .fallback_reason
    understood: tuple = ()
    dropped: bool = False  # the understood filters left nothing: the results are for the text as typed

    @property
    def page(self):
        return self.found.value

    def highlighted_query(self) -> ShopperQuery:
        """The words the shown results matched: the corrected text if it was corrected, the
        last word as a beginning if relaxed, each synonym searched too."""
        page, search = self.page, self.search
        prefix = ALWAYS if page.relaxed else UNFINISHED
        shown = read_query(page.corrected_query or search.searched["q"], search.language, prefix=prefix)
        synonyms = tuple(synonym for word in search.query.words for synonym in word.synonyms)
        return replace(shown, words=shown.words + synonyms) if synonyms else shown


def acting_rules(text: str, sort: str, language: str, skip_rules=frozenset()) -> RuleActions:
    """What staff's rules do to a search for `text` (every endpoint that searches text asks
    this); `skip_rules` None: no rule at all."""
    if skip_rules is None:  # the staff preview's "without any rule"
        return NONE
    try:
        return rule_actions(search_rules(), language, text, sort, skip=skip_rules)
    except Exception:  # a search never fails because of a rule (each one is guarded too)
        logger.exception("search rules could not be applied; searching without them")
        return NONE


def prepare(params: dict, explicit: set, language: str, skip_rules=frozenset(),
            ranking: Ranking | None = None) -> ProductSearch:
    """The search `params` ask for; `explicit` names the parameters the request set itself;
    `skip_rules`: ids of staff's rules left out (None: every rule, for the staff preview);
    `ranking`: the settings it ranks with (the default when not given)."""
    ranking = ranking or default_ranking()
    synonyms = synonyms_for(language)
    curation = curation_for(language, params["q"])
    actions = acting_rules(params["q"], params["sort"], language, skip_rules if ranking.rules else None)
    searched, understood = params, ()
    if params.get("understand", True):
        understanding = understand(params["q"], language, skip=params.get("skip", ()))
        searched, applied = applied_params(params, explicit, understanding, language)
        understood = tuple(applied)
        if not understood:
            searched = params
    query = read_query(searched["q"], language, synonyms=synonyms)
    return ProductSearch(language, params, searched, query, synonyms, curation, understood, actions, ranking)


def _maker(make_query) -> str:
    """Which view builds the query (a bound generate_q_expression), for the answer cache's key."""
    owner = getattr(make_query, "__self__", None)
    made_by = type(owner) if owner is not None else make_query
    return f"{made_by.__module__}.{made_by.__qualname__}"


def _find(search: ProductSearch, make_query, document_class, budget) -> Answer:
    language, searched = search.language, search.searched
    if search.actions.boosts:
        searched = {**searched, "rule_boosts": search.actions.boosts}
    if search.ranking.popularity_weight or searched["sort"] == "popular":
        searched = {**searched, "language": language, "popularity_weight": search.ranking.popularity_weight}
    cache_scope = (_maker(make_query), search.ranking.fingerprint(), rules_version())
    return answer(
        lambda: curated_page(searched, search.curation, lambda page_params: elastic.search_products(
            document_class=document_class, make_query=make_query, params=page_params, language=language,
            cache_scope=cache_scope, unlisted=search.unlisted)),
        lambda: curated_page(searched, search.curation, lambda page_params: postgres.search_products(
            params=page_params, language=language, synonyms=search.synonyms, budget=budget)),
    )


def run(search: ProductSearch, make_query, document_class) -> SearchResult:
    """`make_query(text, **options)` builds the Elasticsearch query for a text (the view's
    generate_q_expression); `document_class` is the index searched. On the PostgreSQL
    fallback both searches share one time budget: a search again as typed that cannot finish
    in what is left keeps the first, empty answer."""
    budget = postgres.FallbackBudget()
    found = _find(search, make_query, document_class, budget)
    if not search.understood or found.value.total or search.params["offset"]:
        return SearchResult(search, found, search.understood)
    as_typed = search.as_typed()
    try:
        again = _find(as_typed, make_query, document_class, budget)
    except postgres.SearchTooBroad:
        return SearchResult(search, found, search.understood)
    return SearchResult(as_typed, again, search.understood, dropped=True)
