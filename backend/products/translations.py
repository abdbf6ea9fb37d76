"""Reading translated fields with a fallback to the shop's default language."""
from django.conf import settings


def supported_languages():
    return list(settings.SHOP_LANGUAGES)


def default_language():
    return settings.SHOP_DEFAULT_LANGUAGE


def languages_with_fallback(language=None):
    """`language` and the default language, the rows a translated read needs."""
    return list(dict.fromkeys([language or default_language(), default_language()]))


class TranslatedMixin:
    """For models with a `translations` relation holding one row per language.

    Reads go through `translations.all()`, so a queryset that prefetched
    `translations` answers without further queries.
    """

    def translated_value(self, field, language=None):
        """`field` in `language`; if missing or blank, in the default language, then any."""
        rows = {row.language: row for row in self.translations.all()}
        order = [language or default_language(), default_language(), *sorted(rows)]
        for code in order:
            value = getattr(rows.get(code), field, "")
            if value:
                return value
        return ""
