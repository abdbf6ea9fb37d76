"""Django admin for A/B tests of rankings (Search → Experiments): an experiment and its two
or three arms, each a traffic share and its ranking settings (search/experiment.py).

The admin refuses arms whose shares do not add up to 100, fewer than two or more than three
arms, two arms of one name, a second running experiment for a language, and starting again a
stopped one. Once started, the arms are read-only: a change of shares would move shoppers
between arms in the middle of the test. Stopping (the status, or the list's action) returns
every shopper to the default ranking within SEARCH_RULES_RECHECK_SECONDS (search/rules.py).
The figures are on the analytics dashboard's experiment view (search/admin_experiment_results.py).
"""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ShopModelAdmin
from common.languages import shop_languages
from search.experiment import MAX_ARMS, MIN_ARMS, Experiment, ExperimentArm


class ExperimentForm(forms.ModelForm):
    class Meta:
        model = Experiment
        fields = ["name", "language", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("language"), required=False, help_text=_("empty: every language"),
            choices=[("", _("every language"))] + [(code, code) for code in shop_languages()])


class ArmFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance._state.adding and self.instance.started_at:
            return
        arms = [form.cleaned_data for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not MIN_ARMS <= len(arms) <= MAX_ARMS:
            raise ValidationError(gettext("An experiment has two or three arms, not %(count)d.")
                                  % {"count": len(arms)})
        total = sum(arm["share"] for arm in arms)
        if total != 100:
            raise ValidationError(gettext("The arms' traffic shares add up to %(total)d %%; they must add up "
                                          "to 100 %%.") % {"total": total})
        names = [arm["name"].strip().lower() for arm in arms]
        if len(set(names)) != len(names):
            raise ValidationError(gettext("Two arms have the same name."))


class ArmInline(admin.TabularInline):
    model = ExperimentArm
    formset = ArmFormSet
    fields = ["name", "share", "popularity_weight", "rules"]
    extra = 0
    min_num = MIN_ARMS
    max_num = MAX_ARMS

    def _started(self, obj):
        return obj is not None and obj.started_at is not None

    def has_add_permission(self, request, obj=None):
        return not self._started(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._started(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._started(obj) and super().has_delete_permission(request, obj)


@admin.register(Experiment)
class ExperimentAdmin(ShopModelAdmin):
    form = ExperimentForm
    inlines = [ArmInline]
    list_display = ["name", "language", "status", "started_at", "stopped_at", "arm_list", "results"]
    list_filter = ["status", "language"]
    search_fields = ["name"]
    readonly_fields = ["started_at", "stopped_at"]
    fields = ["name", "language", "status", "started_at", "stopped_at"]
    actions = ["stop"]

    @admin.display(description=_("arms"))
    def arm_list(self, experiment):
        return ", ".join(f"{arm.name} {arm.share} %" for arm in experiment.arms.all())

    @admin.display(description=_("results"))
    def results(self, experiment):
        url = reverse("admin:search_searchanalytics_experiments")
        return format_html('<a href="{}?experiment={}">{}</a>', url, experiment.pk, gettext("results"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("arms")

    @admin.action(description=_("Stop selected experiments (every shopper gets the default ranking)"))
    def stop(self, request, queryset):
        stopped = 0
        for experiment in queryset.exclude(status=Experiment.STOPPED):
            experiment.status = Experiment.STOPPED
            experiment.save()  # its signal bumps the rules' version: every process drops it
            stopped += 1
        self.message_user(request, ngettext("Stopped %(count)d experiment.", "Stopped %(count)d experiments.",
                                            stopped) % {"count": stopped}, messages.SUCCESS)
