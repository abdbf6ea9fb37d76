"""Django admin for blocked suggestions: phrases staff never want offered while shoppers type.

A popular search is offered once enough shoppers from enough networks made it,
which no rule can tell from spam or an insult several people typed; staff block it
here. The phrase is stored normalised, as completions are matched
(search/selectors/suggest_blocks.py); a save acts in every process within a minute.
"""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ShopModelAdmin
from common.languages import shop_languages
from search.models import BlockedSuggestion
from search.text import normalised


class BlockedSuggestionForm(forms.ModelForm):
    class Meta:
        model = BlockedSuggestion
        fields = ["language", "phrase", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("every language")), *((language, language) for language in shop_languages())]
        self.fields["language"] = forms.ChoiceField(label=_("language"), choices=choices, required=False)

    def clean_phrase(self):
        phrase = normalised(self.cleaned_data["phrase"])
        if not phrase:
            raise forms.ValidationError(_("The phrase needs at least one word."))
        return phrase


@admin.register(BlockedSuggestion)
class BlockedSuggestionAdmin(ShopModelAdmin):
    """"Kuchyňský NŮŽ" is stored "kuchynsky nuz" and blocks every completion containing those words."""

    form = BlockedSuggestionForm
    list_display = ["phrase", "language", "note", "created_at"]
    list_filter = ["language"]
    search_fields = ["phrase", "note"]
