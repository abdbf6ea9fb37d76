"""Staff's search reports in Django admin: top queries, zero-result queries, low click-through.

The query log's admin page is the report (Search → Search log entries): per
language and date range, with counts and a CSV export; a zero-result query
links to a prefilled "add synonym" or "pin products" form.
"""
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyShopAdmin
from common.csv_export import csv_download
from common.languages import shop_languages
from search.models import SearchLogEntry
from search.selectors.query_report import REPORTS, TOP, ZERO, ReportFilter, query_report

CSV_COLUMNS = ["language", "query", "searches", "zero_results", "average_results", "clicks", "click_through"]


class ReportForm(forms.Form):
    report = forms.ChoiceField(label=_("report"), choices=list(REPORTS.items()), required=False)
    language = forms.ChoiceField(label=_("language"), required=False)
    since = forms.DateField(label=_("since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("all"))] + [(code, code) for code in shop_languages()]

    def spec(self):
        data = self.cleaned_data
        return ReportFilter(report=data["report"] or TOP, language=data["language"] or None,
                            since=data["since"], until=data["until"])


def _fix_links(row):
    synonym = {"language": row["language"], "kind": "one_way", "source": row["query"]}
    curation = {"language": row["language"], "query": row["query"]}
    return {
        "add_synonym": f"{reverse('admin:search_synonym_add')}?{urlencode(synonym)}",
        "add_curation": f"{reverse('admin:search_curation_add')}?{urlencode(curation)}",
    }


def _csv(rows, spec):
    return csv_download(f"search-{spec.report}.csv", CSV_COLUMNS,
                        ([row[column] for column in CSV_COLUMNS] for row in rows))


@admin.register(SearchLogEntry)
class SearchReportAdmin(ReadOnlyShopAdmin):
    """Read-only: the log is written by searches; staff read the report built from it."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)  # Django's own 403
        form = ReportForm(request.GET or None)
        spec = form.spec() if form.is_valid() else ReportFilter()
        rows = query_report(spec)
        if request.GET.get("format") == "csv":
            return _csv(rows, spec)
        rows = [{**row, **_fix_links(row), "click_through_percent": round(100 * row["click_through"])}
                for row in rows]
        export = request.GET.copy()
        export["format"] = "csv"
        context = {
            **self.admin_site.each_context(request),
            "title": REPORTS[spec.report],
            "opts": self.model._meta,
            "form": form,
            "rows": rows,
            "spec": spec,
            "zero_report": spec.report == ZERO,
            "reports": [(key, label, urlencode({**request.GET.dict(), "report": key}))
                        for key, label in REPORTS.items()],
            "csv_query": export.urlencode(),
        }
        return TemplateResponse(request, "admin/search/searchlogentry/report.html", context)
