"""Reads of the query log for staff's reports: which queries, how often, found what, clicked what.

Counts are of first pages (a shopper paging through one search is one
search); clicks are counted from every page. Click-through is the share of
those searches whose results were opened.
"""
from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from search.models import SearchClick, SearchLogEntry

TOP, ZERO, LOW_CLICKS = "top", "zero", "low-clicks"
REPORTS = {TOP: _("Top queries"), ZERO: _("Top zero-result queries"), LOW_CLICKS: _("Low click-through")}
MIN_SEARCHES_FOR_CLICK_THROUGH = 3


@dataclass(frozen=True)
class ReportFilter:
    report: str = TOP
    language: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 100


def _entries(spec):
    entries = SearchLogEntry.objects.all()
    if spec.language:
        entries = entries.filter(language=spec.language)
    if spec.since:
        entries = entries.filter(created_at__date__gte=spec.since)
    if spec.until:
        entries = entries.filter(created_at__date__lte=spec.until)
    return entries


def query_report(spec: ReportFilter) -> list[dict]:
    """Rows of {language, query, searches, zero_results, average_results, clicks, click_through}."""
    clicked = SearchClick.objects.filter(search_id=OuterRef("search_id"))
    first_page = Q(offset=0)
    rows = (
        _entries(spec).annotate(clicked=Exists(clicked))
        .values("language", "query")
        .annotate(
            searches=Count("id", filter=first_page),
            zero_results=Count("id", filter=first_page & Q(results=0)),
            average_results=Avg("results", filter=first_page),
            clicks=Count("id", filter=Q(clicked=True)),
        )
        .filter(searches__gt=0)
        .annotate(click_through=Cast("clicks", FloatField()) / Cast("searches", FloatField()))
    )
    if spec.report == ZERO:
        rows = rows.filter(zero_results__gt=0).order_by("-zero_results", "-searches", "query")
    elif spec.report == LOW_CLICKS:
        rows = rows.filter(searches__gte=MIN_SEARCHES_FOR_CLICK_THROUGH, zero_results__lt=F("searches"))
        rows = rows.order_by("click_through", "-searches", "query")
    else:
        rows = rows.order_by("-searches", "query")
    return [
        {**row, "average_results": round(row["average_results"] or 0, 1),
         "click_through": min(1.0, row["click_through"] or 0.0)}
        for row in rows[: spec.limit]
    ]
