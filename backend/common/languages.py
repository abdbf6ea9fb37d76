"""The shop's languages in one place: which exist (SHOP_LANGUAGES), which is the
default, and the check every input naming a language goes through."""
from django.conf import settings
from django.utils.translation import gettext
from rest_framework import serializers


def shop_languages() -> list[str]:
    return list(settings.SHOP_LANGUAGES)


def default_language() -> str:
    return settings.SHOP_DEFAULT_LANGUAGE


def languages_with_fallback(language: str | None = None) -> list[str]:
    """`language` and the default language: the rows a translated read needs."""
    return list(dict.fromkeys([language or default_language(), default_language()]))


def is_shop_language(value: object) -> bool:
    return value in settings.SHOP_LANGUAGES


def unknown_language(value: object) -> str:
    """The message of every failed language check."""
    return gettext("Unknown language '%(value)s'; use one of %(languages)s.") % {
        "value": value, "languages": ", ".join(shop_languages())}


def validated_language(value: str, *, field: str = "lang") -> str:
    """`value` if it is a shop language; a 400 naming `field` otherwise (for URL parts)."""
    if not is_shop_language(value):
        raise serializers.ValidationError({field: [unknown_language(value)]})
    return value


class ShopLanguageField(serializers.CharField):
    """A language in a request body or query: one of SHOP_LANGUAGES; the shop's
    default when left out (unless `required=True`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        if not kwargs["required"]:
            kwargs.setdefault("default", default_language)  # a callable: read on each request
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("help_text", "one of SHOP_LANGUAGES; default: the shop's")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not is_shop_language(value):
            raise serializers.ValidationError(unknown_language(value))
        return value
