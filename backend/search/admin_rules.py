"""Django admin for staff's search rules: synonyms, curations (pinned and hidden results) and
the catalog's words the lemma dictionary lacks.

Synonyms and curations are applied at query time (search/rules.py): a save is
live for the next search, no reindex; a catalog word's save queues the products
that use it for reindexing. The add forms take their initial values from the URL, so
the query report links straight to a prefilled form.
"""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ShopModelAdmin
from common.languages import shop_languages
from search.catalog_vocabulary import reindex_users_of
from search.models import CatalogWord, CuratedProduct, Curation, Synonym
from search.rules import synonym_words
from search.text import normalised


def normalised_word(text):
    """One lowercase word of letters, or '' (diacritics kept: they tell forms apart)."""
    text = text.strip().lower()
    return text if text.isalpha() else ""


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


class CatalogWordForm(forms.ModelForm):
    class Meta:
        model = CatalogWord
        fields = ["language", "form", "lemma"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = _language_field()

    def clean(self):
        data = super().clean()
        for name in ("form", "lemma"):
            value = normalised_word(data.get(name, ""))
            if data.get(name) and not value:
                self.add_error(name, _("One word, letters only."))
            data[name] = value
        return data


@admin.register(CatalogWord)
class CatalogWordAdmin(ShopModelAdmin):
    """Words the dictionary lacks: found in the catalog by `manage.py catalog_words --save`, or
    staff's own (a form and the word it is a form of); a save queues the products using it."""
    form = CatalogWordForm
    list_display = ["language", "form", "lemma", "source", "updated_at"]
    list_filter = ["language", "source"]
    search_fields = ["form", "lemma"]

    def save_model(self, request, obj, form, change):
        obj.source = CatalogWord.STAFF
        super().save_model(request, obj, form, change)
        reindex_users_of(obj.language, obj.form)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reindex_users_of(obj.language, obj.form)
