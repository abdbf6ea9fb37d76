"""The ranking settings one search runs with: the shop's default, or an A/B test arm's.

Every knob a ranking experiment may turn lives here, so the search path reads
it from one object (ProductSearch.ranking) and a cache of answers can key on
it (`fingerprint`): two searches with different rankings never share an answer.
The default comes from settings; an experiment's arm (search/experiments.py)
names its own.
"""
from dataclasses import asdict, dataclass

from django.conf import settings

DEFAULT_NAME = "default"


@dataclass(frozen=True)
class Ranking:
    name: str = DEFAULT_NAME
    popularity_weight: float = 0.0  # the bounded boost from shoppers' clicks; 0 turns it off
    rules: bool = True  # staff's boost, bury, banner and redirect rules act
    experiment: int | None = None  # the A/B test this ranking is an arm of, if any
    arm: int | None = None  # that arm's id (logged with each search)

    def fingerprint(self) -> str:
        """What makes two rankings order results differently, as text for cache keys."""
        knobs = asdict(self)
        knobs.pop("name")
        knobs.pop("experiment")
        knobs.pop("arm")
        return ";".join(f"{key}={value}" for key, value in sorted(knobs.items()))


def default_ranking() -> Ranking:
    """The ranking every search gets outside an experiment: popularity from settings."""
    enabled = settings.SEARCH_POPULARITY_ENABLED
    return Ranking(popularity_weight=settings.SEARCH_POPULARITY_WEIGHT if enabled else 0.0)
