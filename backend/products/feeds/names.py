"""Categories and attributes a feed names, found by their name in the feed's language or
created (with that one translation). Caches live for one import; a rolled-back savepoint
forgets them (`forget()`), so no id of a row that was never committed is handed out."""
from django.utils.text import slugify

from products.models import (
    AttributeType,
    AttributeTypeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
)


class Names:
    def __init__(self):
        self.forget()

    def forget(self) -> None:
        self.categories: dict[tuple, int] = {}
        self.types: dict[tuple, int] = {}
        self.values: dict[tuple, int] = {}

    def category_id(self, path: list[str], language: str) -> int | None:
        """The last category of "A | B | C", each looked up under the one before."""
        parent_id = None
        for depth, name in enumerate(path):
            key = (parent_id, language, name)
            if key not in self.categories:
                found = Category.objects.filter(parent_id=parent_id, translations__language=language,
                                                translations__name=name).values_list("id", flat=True).first()
                if found is None:
                    slug = _free_slug(Category.objects, "slug", slugify("-".join(path[:depth + 1]))[:90] or "category")
                    found = Category.objects.create(parent_id=parent_id, slug=slug).id
                    CategoryTranslation.objects.create(category_id=found, language=language, name=name)
                self.categories[key] = found
            parent_id = self.categories[key]
        return parent_id

    def value_ids(self, params: list[tuple[str, str]], language: str) -> list[int]:
        return [self._value_id(self._type_id(name, language), value, language) for name, value in params]

    def _type_id(self, name, language):
        key = (language, name)
        if key not in self.types:
            found = AttributeType.objects.filter(translations__language=language, translations__name=name) \
                .values_list("id", flat=True).first()
            if found is None:
                code = _free_slug(AttributeType.objects, "code", slugify(name)[:45] or "attribute")
                found = AttributeType.objects.create(code=code).id
                AttributeTypeTranslation.objects.create(attribute_type_id=found, language=language, name=name)
            self.types[key] = found
        return self.types[key]

    def _value_id(self, type_id, value, language):
        key = (type_id, language, value)
        if key not in self.values:
            values = AttributeValue.objects.filter(attribute_type_id=type_id)
            found = values.filter(translations__language=language, translations__name=value) \
                .values_list("id", flat=True).first()
            if found is None:
                code = _free_slug(values, "code", slugify(value)[:45] or "value")
                found = AttributeValue.objects.create(attribute_type_id=type_id, code=code).id
                AttributeValueTranslation.objects.create(attribute_value_id=found, language=language, name=value)
            self.values[key] = found
        return self.values[key]

    def translate_category(self, category_id: int | None, path: list[str], language: str) -> None:
        """Another language's names for the product's category path, where it has none yet
        (matched by depth: the same tree written in another language)."""
        chain: list[int] = []
        while category_id is not None and len(chain) <= len(path):
            chain.append(category_id)
            category_id = Category.objects.filter(pk=category_id).values_list("parent_id", flat=True).first()
        if len(chain) != len(path):
            return
        for pk, name in zip(reversed(chain), path):
            if not CategoryTranslation.objects.filter(category_id=pk, language=language).exists():
                CategoryTranslation.objects.create(category_id=pk, language=language, name=name)

    def translate_values(self, value_ids: list[int], params: list[tuple[str, str]], language: str) -> None:
        """Another language's names for the product's attributes, by position, where missing."""
        if len(value_ids) != len(params):
            return
        values = AttributeValue.objects.in_bulk(value_ids)
        for pk, (name, value) in zip(value_ids, params):
            attribute = values.get(pk)
            if attribute is None:
                continue
            AttributeTypeTranslation.objects.get_or_create(
                attribute_type_id=attribute.attribute_type_id, language=language, defaults={"name": name})
            AttributeValueTranslation.objects.get_or_create(
                attribute_value_id=pk, language=language, defaults={"name": value})


def _free_slug(queryset, field, base):
    candidate, number = base, 1
    while queryset.filter(**{field: candidate}).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
