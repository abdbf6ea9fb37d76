"""The analytics dashboard in Django admin (Search → Analytics): for a period and language,
searches and zero-result rate per day as server-drawn SVG charts (common/svg_charts.py),
click-through and mean click position, and four tables, each exportable as CSV (`?export=<table>`);
and its experiment view, A/B tests' figures per arm (search/admin_experiment_results.py).

Staff need `search.view_analytics` (superusers have it); bad filters are an admin error
message and the default period, never a 500.
"""
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyShopAdmin
from common.csv_export import csv_download
from common.languages import shop_languages
from common.svg_charts import Point, bar_chart, line_chart
from search.admin_experiment_results import experiments_view
from search.models import SearchAnalytics
from search.selectors import analytics

DEFAULT_DAYS = 30
MAX_DAYS = 366
PAGE_ROWS, CSV_ROWS = 50, 5000
PERMISSION = "search.view_analytics"

# table key -> (heading, selector, [(column, heading)])
QUERY = [("language", _("language")), ("query", _("query"))]
TABLES = {
    "top": (_("Top queries"), analytics.top_queries,
            QUERY + [("searches", _("searches")), ("zero_results", _("zero results")),
                     ("clicked_searches", _("searches with a click")), ("click_through", _("click-through"))]),
    "zero": (_("Top zero-result queries"), analytics.zero_result_queries,
             QUERY + [("zero_results", _("zero results")), ("searches", _("searches"))]),
    "unclicked": (_("Queries with results but no clicks"), analytics.unclicked_queries,
                  QUERY + [("searches", _("searches")), ("searches_with_results", _("searches with results"))]),
    "clicked-products": (_("Most clicked products per query"), analytics.clicked_products,
                         QUERY + [("product_id", _("product ID")), ("sku", _("SKU")), ("clicks", _("clicks")),
                                  ("mean_position", _("mean position"))]),
}


def _today():
    return timezone.localdate(timezone=timezone.get_default_timezone())


class AnalyticsForm(forms.Form):
    since = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(label=_("language"), required=False)
    export = forms.ChoiceField(required=False, choices=[("", "")] + [(key, key) for key in TABLES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("all"))] + [(code, code) for code in shop_languages()]

    def clean(self):
        data = super().clean()
        until = data.get("until") or _today()
        since = data.get("since") or until - timedelta(days=DEFAULT_DAYS - 1)
        if since > until:
            raise forms.ValidationError(_("The period's start is after its end."))
        if (until - since).days >= MAX_DAYS:
            raise forms.ValidationError(_("The period is longer than %(days)s days."), params={"days": MAX_DAYS})
        data["since"], data["until"] = since, until
        return data

    def period(self):
        if not self.is_valid():
            until = _today()
            return analytics.Period(since=until - timedelta(days=DEFAULT_DAYS - 1), until=until)
        data = self.cleaned_data
        return analytics.Period(since=data["since"], until=data["until"], language=data["language"] or None)


def _errors(form):
    return [f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
            for name, errors in form.errors.items() for error in errors]


def _shown(column, value):
    return f"{round(100 * value)} %" if column == "click_through" else value


def _csv(key, rows):
    heading, _selector, columns = TABLES[key]
    names = [column for column, _label in columns]
    return csv_download(f"search-analytics-{key}.csv", names, ([row[name] for name in names] for row in rows))


def _charts(days):
    labels = [date_format(day["day"], "j. n.") for day in days]
    searches = bar_chart([Point(label, day["searches"]) for label, day in zip(labels, days)],
                         title=gettext("Searches per day"))
    zero_rate = line_chart([Point(label, day["zero_rate"]) for label, day in zip(labels, days)],
                           title=gettext("Zero-result rate per day"), format_value=lambda v: f"{100 * v:.0f} %",
                           top=max([day["zero_rate"] for day in days] + [0.1]))
    return mark_safe(searches), mark_safe(zero_rate)  # built from escaped text only


@admin.register(SearchAnalytics)
class SearchAnalyticsAdmin(ReadOnlyShopAdmin):
    """One read-only page; its own permission rather than the query log's view permission."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm(PERMISSION)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        """The dashboard only: no page per log entry, add, history or delete under its permission."""
        info = self.opts.app_label, self.opts.model_name
        return [path("", self.admin_site.admin_view(self.changelist_view), name="%s_%s_changelist" % info),
                path("experiments/", self.admin_site.admin_view(lambda request: experiments_view(self, request)),
                     name="%s_%s_experiments" % info)]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = AnalyticsForm(request.GET or None)
        if request.GET and not form.is_valid():
            for error in _errors(form):
                messages.error(request, error)
        period = form.period()
        export = form.cleaned_data.get("export") if form.is_valid() else ""
        if export:
            return _csv(export, TABLES[export][1](period, limit=CSV_ROWS))
        filters = {"since": period.since.isoformat(), "until": period.until.isoformat(),
                   "language": period.language or ""}
        found = analytics.query_tables(period, limit=PAGE_ROWS)  # three tables, one statement
        found["clicked-products"] = analytics.clicked_products(period, limit=PAGE_ROWS)
        tables = [{"key": key, "heading": heading, "columns": [label for _column, label in columns],
                   "rows": [[_shown(column, row[column]) for column, _label in columns] for row in found[key]],
                   "export": urlencode({**filters, "export": key})}
                  for key, (heading, _selector, columns) in TABLES.items()]
        days = analytics.daily(period)
        searches_chart, zero_chart = _charts(days)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Search analytics"),
            "opts": self.model._meta,
            "form": form,
            "period": period,
            "summary": analytics.summary(period, days),
            "searches_chart": searches_chart,
            "zero_chart": zero_chart,
            "tables": tables,
        }
        return TemplateResponse(request, "admin/search/searchanalytics/dashboard.html", context)
