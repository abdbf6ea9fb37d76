"""Django admin for staff's search rules (Search → Rules): boost, bury, banner, redirect,
and the "preview as shopper" page showing a query's ranking with and without each rule.

The checks are the model's clean() (search/search_rule.py), which the form runs:
the admin refuses an empty banner, a link to a host staff did not allow, and
a schedule overlapping another rule's with the same condition and action.
Times are entered and shown in the shop's time zone (TIME_ZONE).
"""
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.admin import ShopModelAdmin
from common.languages import shop_languages
from search.models import Rule
from search.rule_preview import rule_preview


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["name", "condition", "condition_text", "language", "active_from", "active_until", "priority",
                  "action", "target", "category", "attribute_value", "price_min", "price_max", "in_stock",
                  "strength", "banner_text", "banner_link", "banner_image", "redirect_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("language"), required=False, help_text=_("empty: every language"),
            choices=[("", _("every language"))] + [(code, code) for code in shop_languages()])


class PreviewForm(forms.Form):
    q = forms.CharField(label=_("query"), max_length=200)
    language = forms.ChoiceField(label=_("language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, code) for code in shop_languages()]


@admin.register(Rule)
class RuleAdmin(ShopModelAdmin):
    form = RuleForm
    list_display = ["name", "condition", "condition_text", "language", "action", "target", "priority",
                    "active_from", "active_until", "active_now"]
    list_filter = ["action", "condition", "language"]
    search_fields = ["name", "condition_text", "banner_text", "redirect_to"]
    raw_id_fields = ["category", "attribute_value"]
    change_list_template = "admin/search/rule/change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "priority"]}),
        (_("When"), {"fields": ["condition", "condition_text", "language", "active_from", "active_until"],
                     "description": _("Times are in the shop's time zone.")}),
        (_("Action"), {"fields": ["action"]}),
        (_("Boost or bury"), {"fields": ["target", "category", "attribute_value", "price_min", "price_max",
                                         "in_stock", "strength"]}),
        (_("Banner"), {"fields": ["banner_text", "banner_link", "banner_image"]}),
        (_("Redirect"), {"fields": ["redirect_to"]}),
    ]

    @admin.display(boolean=True, description=_("active now"))
    def active_now(self, rule):
        now = timezone.now()
        return (rule.active_from is None or rule.active_from <= now) and (
            rule.active_until is None or now < rule.active_until)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("preview/", preview, name="search_rule_preview"), *super().get_urls()]

    def preview_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PreviewForm(request.GET or None)
        preview = rule_preview(form.cleaned_data["q"], form.cleaned_data["language"]) if form.is_valid() else None
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "preview": preview, "title": _("Preview a query as a shopper")}
        return TemplateResponse(request, "admin/search/rule/preview.html", context)
