"""Reading translated texts: the asked language, else the shop's default, else any other.

The one rule, written twice on purpose, side by side: in Python for model
instances (`TranslatedMixin`) and in SQL for pages of search results read in
one statement (`translated_column_sql`); a test holds them equal.
"""
from typing import Any

from common.languages import default_language


class TranslatedMixin:
    """For models with a `translations` relation holding one row per language.

    Reads go through `translations.all()`, so a queryset that prefetched
    `translations` answers without further queries.
    """

    translations: Any  # the model's reverse relation (each model names its own translation model)

    def translated_value(self, field: str, language: str | None = None) -> str:
        """`field` in `language`; if missing or blank, in the default language, then any."""
        rows = {row.language: row for row in self.translations.all()}
        order = [language or default_language(), default_language(), *sorted(rows)]
        for code in order:
            value = getattr(rows.get(code), field, "")
            if value:
                return value
        return ""


def translated_column_sql(table: str, owner_column: str, owner: str, field: str) -> str:
    """SQL for `field` of `table` rows whose `owner_column` equals the SQL expression
    `owner`, picked like TranslatedMixin does (blank counts as missing). Takes the
    named parameters `%(language)s` and `%(default)s` (see translation_params)."""
    return (
        f"(SELECT t.{field} FROM {table} t WHERE t.{owner_column} = {owner} AND t.{field} <> '' "
        f"ORDER BY (t.language = %(language)s) DESC, (t.language = %(default)s) DESC, t.language LIMIT 1)"
    )


def translation_params(language: str | None) -> dict:
    return {"language": language or default_language(), "default": default_language()}
