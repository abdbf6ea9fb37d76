"""Django admin for staff's search rules: synonyms and curations (pinned and hidden results).

Both are applied at query time (search/rules.py): a save is live for the next
search, no reindex. The add forms take their initial values from the URL, so
the query report links straight to a prefilled form.
"""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ShopModelAdmin
from common.languages import shop_languages
from search.models import CuratedProduct, Curation, Synonym
from search.rules import synonym_words
from search.text import normalised


def _language_field():
    return forms.ChoiceField(label=_("language"), choices=[(language, language) for language in shop_languages()])


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["language", "kind", "source", "terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = _language_field()

    def clean(self):
        data = super().clean()
        terms = synonym_words(data.get("terms", ""))
        if data.get("kind") == Synonym.ONE_WAY:
            if not synonym_words(data.get("source", "")):
                self.add_error("source", _("A one-way synonym needs the word shoppers type."))
            if not terms:
                self.add_error("terms", _("Give at least one word it should also find."))
        elif len(set(terms)) < 2:
            self.add_error("terms", _("An equivalent group needs at least two words."))
        if data.get("kind") == Synonym.EQUIVALENT:
            data["source"] = ""
        data["terms"] = ", ".join(dict.fromkeys(terms))
        return data


@admin.register(Synonym)
class SynonymAdmin(ShopModelAdmin):
    form = SynonymForm
    list_display = ["language", "kind", "source", "terms", "updated_at"]
    list_filter = ["language", "kind"]
    search_fields = ["source", "terms"]


class CuratedProductInline(admin.TabularInline):
    model = CuratedProduct
    extra = 3
    raw_id_fields = ["product"]
    fields = ["action", "product", "position"]


class CurationForm(forms.ModelForm):
    class Meta:
        model = Curation
        fields = ["language", "query"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = _language_field()

    def clean_query(self):
        query = normalised(self.cleaned_data["query"])
        if not query:
            raise forms.ValidationError(_("The query needs at least one word."))
        return query


@admin.register(Curation)
class CurationAdmin(ShopModelAdmin):
    """The query is stored normalised ("Červené Boty" -> "cervene boty"), as searches are matched."""

    form = CurationForm
    inlines = [CuratedProductInline]
    list_display = ["language", "query", "pinned", "hidden", "updated_at"]
    list_filter = ["language"]
    search_fields = ["query"]

    @admin.display(description=_("pinned"))
    def pinned(self, curation):
        return curation.products.filter(action=CuratedProduct.PIN).count()

    @admin.display(description=_("hidden"))
    def hidden(self, curation):
        return curation.products.filter(action=CuratedProduct.HIDE).count()
