"""The storefront's server-rendered texts in each shop language (the search page's own
texts live in static/storefront/messages.js). Unknown languages read English."""
from common.languages import default_language, is_shop_language

TEXTS = {
    "cs": {
        "back": "Zpět na hledání", "price": "Cena", "stock": "Skladem", "in_stock": "Skladem: {n} ks",
        "out_of_stock": "Vyprodáno", "category": "Kategorie", "attributes": "Vlastnosti",
        "description": "Popis", "similar": "Podobné zboží", "sku": "Kód",
        "alert_title": "Dejte mi vědět, až bude skladem", "alert_email": "Váš e-mail",
        "alert_button": "Hlídat", "alert_sent": "Děkujeme. Na zadanou adresu jsme poslali odkaz k potvrzení.",
        "alert_error": "Nepodařilo se to. Zkontrolujte adresu a zkuste to znovu.",
        "not_found_title": "Stránka nenalezena", "not_found": "Hledané zboží ani stránka tu nejsou.",
        "confirmed_title": "Upozornění potvrzeno",
        "confirmed": "Děkujeme, napíšeme vám, až bude {title} opět skladem.",
        "unsubscribed_title": "Odhlášeno", "unsubscribed": "Upozornění na {title} jsme zrušili.",
        "expired_title": "Odkaz vypršel", "expired": "Platnost odkazu vypršela. Přihlaste se k upozornění znovu.",
        "invalid_title": "Neplatný odkaz", "invalid": "Tento odkaz není platný.",
        "unsubscribe_button": "Odhlásit",
        "confirm_title": "Potvrďte upozornění",
        "confirm": "Potvrďte, že vám máme napsat, až bude {title} opět skladem.", "confirm_button": "Potvrdit",
        "unsubscribe_title": "Zrušit upozornění", "unsubscribe": "Chcete zrušit upozornění na {title}?",
        "used_title": "Odkaz už byl použit", "used": "Tento odkaz už byl použit nebo jej nahradil novější.",
        "this_product": "toto zboží",
    },
    "sk": {
        "back": "Späť na hľadanie", "price": "Cena", "stock": "Na sklade", "in_stock": "Na sklade: {n} ks",
        "out_of_stock": "Vypredané", "category": "Kategória", "attributes": "Vlastnosti",
        "description": "Popis", "similar": "Podobný tovar", "sku": "Kód",
        "alert_title": "Dajte mi vedieť, keď bude na sklade", "alert_email": "Váš e-mail",
        "alert_button": "Strážiť", "alert_sent": "Ďakujeme. Na zadanú adresu sme poslali odkaz na potvrdenie.",
        "alert_error": "Nepodarilo sa to. Skontrolujte adresu a skúste to znova.",
        "not_found_title": "Stránka sa nenašla", "not_found": "Hľadaný tovar ani stránka tu nie sú.",
        "confirmed_title": "Upozornenie potvrdené",
        "confirmed": "Ďakujeme, napíšeme vám, keď bude {title} opäť na sklade.",
        "unsubscribed_title": "Odhlásené", "unsubscribed": "Upozornenie na {title} sme zrušili.",
        "expired_title": "Odkaz vypršal", "expired": "Platnosť odkazu vypršala. Prihláste sa na upozornenie znova.",
        "invalid_title": "Neplatný odkaz", "invalid": "Tento odkaz nie je platný.",
        "unsubscribe_button": "Odhlásiť",
        "confirm_title": "Potvrďte upozornenie",
        "confirm": "Potvrďte, že vám máme napísať, keď bude {title} opäť na sklade.", "confirm_button": "Potvrdiť",
        "unsubscribe_title": "Zrušiť upozornenie", "unsubscribe": "Chcete zrušiť upozornenie na {title}?",
        "used_title": "Odkaz už bol použitý", "used": "Tento odkaz už bol použitý alebo ho nahradil novší.",
        "this_product": "tento tovar",
    },
    "en": {
        "back": "Back to search", "price": "Price", "stock": "In stock", "in_stock": "In stock: {n}",
        "out_of_stock": "Sold out", "category": "Category", "attributes": "Properties",
        "description": "Description", "similar": "Similar products", "sku": "SKU",
        "alert_title": "Tell me when it is back in stock", "alert_email": "Your email",
        "alert_button": "Notify me", "alert_sent": "Thank you. We sent a confirmation link to that address.",
        "alert_error": "That did not work. Check the address and try again.",
        "not_found_title": "Page not found", "not_found": "There is no such product or page here.",
        "confirmed_title": "Alert confirmed",
        "confirmed": "Thank you, we will email you when {title} is back in stock.",
        "unsubscribed_title": "Unsubscribed", "unsubscribed": "You will get no more alerts about {title}.",
        "expired_title": "Link expired", "expired": "This link has expired. Please subscribe to the alert again.",
        "invalid_title": "Invalid link", "invalid": "This link is not valid.",
        "unsubscribe_button": "Unsubscribe",
        "confirm_title": "Confirm your alert",
        "confirm": "Confirm that we should email you when {title} is back in stock.", "confirm_button": "Confirm",
        "unsubscribe_title": "Stop this alert", "unsubscribe": "Do you want to stop alerts about {title}?",
        "used_title": "Link already used", "used": "This link has already been used, or a newer one replaced it.",
        "this_product": "this product",
    },
}
# Each language's name in itself, for the switch; unknown codes show as the code.
LANGUAGE_NAMES = {"cs": "Čeština", "sk": "Slovenčina", "en": "English"}


def texts_for(language: str) -> dict:
    return TEXTS.get(language, TEXTS["en"])


def requested_language(request) -> str:
    """`?lang=` when it is a shop language, else the shop's default."""
    language = request.GET.get("lang", "")
    return language if is_shop_language(language) else default_language()
