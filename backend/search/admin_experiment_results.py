"""The analytics dashboard's experiment view (Search → Analytics → Experiments): per arm of
an A/B test, searches, click-through rate, zero-result rate and clicks per search with 95 %
intervals, and for each later arm against the first a plain statement whether it differs
significantly (search/selectors/experiments.py says how).

Staff need `search.view_analytics`, as for the dashboard. An unknown or malformed
`?experiment=` is an admin error message and the latest experiment, and figures PostgreSQL could
not read in time an error message too, never a 500.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from search.experiment import Experiment
from search.selectors.experiments import ExperimentResults, experiment_results

METRIC_NAMES = {"click_through": _("click-through rate"), "zero_rate": _("zero-result rate"),
                "clicks_per_search": _("clicks per search")}
TESTS = {"click_through": _("two-proportion z-test"), "zero_rate": _("two-proportion z-test"),
         "clicks_per_search": _("Welch's z-test")}


class ExperimentChoiceForm(forms.Form):
    experiment = forms.ModelChoiceField(label=_("experiment"), queryset=Experiment.objects.all(), required=False)


def _percent(estimate):
    return "–" if estimate is None else (
        f"{100 * estimate.value:.1f} % ({100 * estimate.low:.1f}–{100 * estimate.high:.1f})")


def _mean(estimate):
    return "–" if estimate is None else f"{estimate.value:.3f} ({estimate.low:.3f}–{estimate.high:.3f})"


def _difference(metric, value):
    if metric == "clicks_per_search":
        return f"{value:+.3f}"
    return gettext("%(points)s percentage points") % {"points": f"{100 * value:+.1f}"}


def _statement(comparison, alpha):
    names = {"arm": comparison.arm, "control": comparison.control, "metric": METRIC_NAMES[comparison.metric],
             "test": TESTS[comparison.metric], "level": f"{100 * alpha:g} %"}
    if comparison.p_value is None:
        return gettext("“%(arm)s” against “%(control)s”, %(metric)s: too few searches to test yet.") % names
    names.update(difference=_difference(comparison.metric, comparison.difference),
                 p=f"{comparison.p_value:.3g}")
    if comparison.significant:
        return gettext("“%(arm)s” against “%(control)s”, %(metric)s: %(difference)s, a significant difference "
                       "(%(test)s, p = %(p)s < %(level)s).") % names
    return gettext("“%(arm)s” against “%(control)s”, %(metric)s: %(difference)s, not a significant difference "
                   "(%(test)s, p = %(p)s ≥ %(level)s).") % names


def _shown(results: ExperimentResults) -> dict:
    return {
        "rows": [[arm.name, f"{arm.share} %", arm.searches, _percent(arm.click_through), _percent(arm.zero_rate),
                  _mean(arm.clicks_per_search)] for arm in results.arms],
        "statements": [(comparison.significant, _statement(comparison, results.alpha))
                       for comparison in results.comparisons],
    }


def experiments_view(model_admin, request):
    """GET ?experiment=<id>: that experiment's figures; none given, the latest one's."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = ExperimentChoiceForm(request.GET or None)
    chosen = form.cleaned_data["experiment"] if form.is_valid() else None
    if request.GET and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{form.fields['experiment'].label}: {error}")
    experiment = chosen or Experiment.objects.order_by("-id").first()
    results = None
    try:
        with transaction.atomic():  # a failed read must not end the request's transaction
            results = _shown(experiment_results(experiment)) if experiment else None
    except DatabaseError as error:  # a statement timeout: say so, not a 500
        messages.error(request, gettext("The figures could not be read now (%(error)s); try again.")
                       % {"error": str(error).strip().splitlines()[0]})
    context = {**model_admin.admin_site.each_context(request), "title": _("Experiments"),
               "opts": model_admin.model._meta, "experiments": Experiment.objects.order_by("-id"),
               "experiment": experiment, "results": results}
    return TemplateResponse(request, "admin/search/searchanalytics/experiments.html", context)
