"""What every server-rendered storefront page shares: language, texts and the switch."""
from common.languages import shop_languages
from storefront.texts import LANGUAGE_NAMES, requested_language, texts_for


def page_context(request, **extra) -> dict:
    language = requested_language(request)
    return {
        "lang": language,
        "t": texts_for(language),
        "languages": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code.upper())} for code in shop_languages()
        ],
        **extra,
    }
