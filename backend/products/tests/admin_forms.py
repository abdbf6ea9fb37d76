"""The catalog admin's forms as a browser posts them, for tests of admin saves."""


def _management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def product_form(*, sku, price, stock=1, titles=None, published=True, category=None, attribute_values=(),
                 translation_ids=None):
    """The product change form's fields: `titles` {language: title} as translation rows
    (`translation_ids` {language: id} for rows that exist), attribute values as rows."""
    titles, translation_ids = titles or {}, translation_ids or {}
    form = {"sku": sku, "price": str(price), "stock": str(stock), "category": category.id if category else ""}
    if published:
        form["is_published"] = "on"
    for position, (language, title) in enumerate(titles.items()):
        row = {"language": language, "title": title, "short_description": "", "description": ""}
        if language in translation_ids:
            row["id"] = translation_ids[language]
        form.update({f"translations-{position}-{name}": value for name, value in row.items()})
    form.update(_management("translations", len(titles), initial=len(translation_ids)))
    for position, value in enumerate(attribute_values):
        form[f"product_attributes-{position}-attribute_value"] = value.id
    form.update(_management("product_attributes", len(attribute_values)))
    return form
