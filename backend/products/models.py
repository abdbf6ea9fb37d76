"""Catalog: products with per-language translations, a category tree, attributes.

Translations live in one row per (object, language), so adding a catalog
language is a settings change (SHOP_LANGUAGES), not a migration. A missing
translation falls back to the default language (see `translations.py`).

The input rules live here, once, for the staff API's services and the admin's
forms alike: field validators and `Product.clean()` (services call
`full_clean()`, the admin's ModelForm does), `LanguageField` (a shop language),
and `translation_problem()` for a whole set of translations (the services and
the admin's translation inlines).
"""
from decimal import Decimal

from django import forms
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Lower, Upper
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.languages import is_shop_language, shop_languages, unknown_language
from products.skus import invisible_characters, taken_message, validate_sku_characters
from products.translations import TranslatedMixin


class LanguageField(models.CharField):
    """A catalog language code; valid values come from settings.SHOP_LANGUAGES (read when
    validating and when a form is built, so no migration follows a change of languages)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("language"))
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not is_shop_language(value):
            raise ValidationError(unknown_language(value), code="unknown_language")

    def formfield(self, form_class=None, choices_form_class=None, **kwargs):
        """A choice of the shop's languages in forms (the admin's inlines)."""
        choices = [("", "---------"), *((language, language) for language in shop_languages())]
        return forms.ChoiceField(choices=choices, required=not self.blank, label=capfirst(self.verbose_name),
                                 help_text=self.help_text)


def translation_problem(rows: list[dict], text_field: str = "title") -> str | None:
    """What is wrong with an object's whole set of translations ({language, <text_field>, ...}
    each), as one message; None when nothing is. At least one, each in a shop language, one
    per language, each with its text."""
    languages = [row.get("language") for row in rows]
    unknown = [language for language in languages if not is_shop_language(language)]
    if not rows:
        return gettext("At least one translation is required.")
    if unknown:
        return gettext("Unknown language(s) %(unknown)s; use one of %(languages)s.") % {
            "unknown": ", ".join(map(str, unknown)), "languages": ", ".join(shop_languages())}
    if len(set(languages)) != len(languages):
        return gettext("Each language may appear only once.")
    if any(not (row.get(text_field) or "").strip() for row in rows):
        return gettext("Every translation needs a %(field)s.") % {"field": text_field}
    return None


class Category(TranslatedMixin, models.Model):
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.PROTECT,
        verbose_name=_("parent category"),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name()

    def name(self, language=None):
        return self.translated_value("name", language) or self.slug


class CategoryTranslation(models.Model):
    category = models.ForeignKey(Category, related_name="translations", on_delete=models.CASCADE,
                                 verbose_name=_("category"))
    language = LanguageField()
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("category translation")
        verbose_name_plural = _("category translations")
        constraints = [
            models.UniqueConstraint(fields=["category", "language"], name="uniq_category_language")
        ]

    def __str__(self):
        return f"{self.language}: {self.name}"


class AttributeType(TranslatedMixin, models.Model):
    """A kind of attribute, e.g. Colour or Material."""

    code = models.SlugField(_("code"), max_length=50, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("attribute type")
        verbose_name_plural = _("attribute types")

    def __str__(self):
        return self.name()

    def name(self, language=None):
        return self.translated_value("name", language) or self.code


class AttributeTypeTranslation(models.Model):
    attribute_type = models.ForeignKey(
        AttributeType, related_name="translations", on_delete=models.CASCADE, verbose_name=_("attribute type")
    )
    language = LanguageField()
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("attribute type translation")
        verbose_name_plural = _("attribute type translations")
        constraints = [
            models.UniqueConstraint(
                fields=["attribute_type", "language"], name="uniq_attribute_type_language"
            )
        ]


class AttributeValue(TranslatedMixin, models.Model):
    """One value of an attribute type, e.g. Colour: red."""

    attribute_type = models.ForeignKey(AttributeType, related_name="values", on_delete=models.CASCADE,
                                       verbose_name=_("attribute type"))
    code = models.SlugField(_("code"), max_length=50)

    class Meta:
        ordering = ["attribute_type__code", "code"]
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute values")
        constraints = [
            models.UniqueConstraint(fields=["attribute_type", "code"], name="uniq_attribute_value_code")
        ]

    def __str__(self):
        return f"{self.attribute_type.code}: {self.name()}"

    def name(self, language=None):
        return self.translated_value("name", language) or self.code


class AttributeValueTranslation(models.Model):
    attribute_value = models.ForeignKey(
        AttributeValue, related_name="translations", on_delete=models.CASCADE, verbose_name=_("attribute value")
    )
    language = LanguageField()
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("attribute value translation")
        verbose_name_plural = _("attribute value translations")
        constraints = [
            models.UniqueConstraint(
                fields=["attribute_value", "language"], name="uniq_attribute_value_language"
            )
        ]


def compact_sku(expression):
    """lower(sku) without separators, as SQL: what the fallback compares a typed SKU with."""
    return Func(Lower(expression), Value("[^[:alnum:]]+"), Value(""), Value("g"), function="regexp_replace",
                output_field=models.CharField())


class Product(TranslatedMixin, models.Model):
    sku = models.CharField(_("SKU"), max_length=64, unique=True, validators=[validate_sku_characters])
    price = models.DecimalField(
        _("price"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    stock = models.PositiveIntegerField(_("stock"), default=0)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, related_name="products", on_delete=models.SET_NULL,
        verbose_name=_("category"),
    )
    attribute_values: "models.ManyToManyField[AttributeValue, ProductAttribute]" = models.ManyToManyField(
        AttributeValue, through="ProductAttribute", related_name="products", blank=True,
        verbose_name=_("attribute values"),
    )
    # Kept from a shop's feed (products/feeds/) and written back into exported feeds.
    ean = models.CharField(_("EAN"), max_length=14, blank=True)
    image_url = models.URLField(_("image URL"), max_length=1000, blank=True)
    url = models.URLField(_("product URL"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        # SKUs differing only in letter case are one SKU. The same index serves the PostgreSQL
        # fallback finding a SKU typed in any case (sku__iexact: UPPER(sku) = UPPER(...)); the
        # other finds it typed with any separators (compact_sku(): "knf 000670" for KNF-000670).
        constraints = [models.UniqueConstraint(Upper("sku"), name="product_sku_upper_unique")]
        indexes = [models.Index(compact_sku("sku"), name="product_sku_compact")]

    def __str__(self):
        return f"{self.sku} {self.title()}".strip()

    def clean(self):
        """The admin's form: a SKU taken in another letter case is an error on `sku` (the
        constraint alone would be a form-wide one)."""
        super().clean()
        message = sku_taken(self.sku, exclude_pk=self.pk) if self.sku else None
        if message:
            raise ValidationError({"sku": message})

    @property
    def in_stock(self):
        return self.stock > 0

    def title(self, language=None):
        return self.translated_value("title", language)

    def short_description(self, language=None):
        return self.translated_value("short_description", language)

    def description(self, language=None):
        return self.translated_value("description", language)


class ProductTranslation(models.Model):
    product = models.ForeignKey(Product, related_name="translations", on_delete=models.CASCADE,
                                verbose_name=_("product"))
    language = LanguageField()
    title = models.CharField(_("title"), max_length=255)
    short_description = models.CharField(_("short description"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Filled by a database trigger (migration 0002) on every insert and update, bulk ones
    # included: the PostgreSQL search fallback's full-text index.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("product translation")
        verbose_name_plural = _("product translations")
        constraints = [
            models.UniqueConstraint(fields=["product", "language"], name="uniq_product_language")
        ]
        indexes = [GinIndex(fields=["search_vector"], name="translation_search_vector")]

    def __str__(self):
        return f"{self.language}: {self.title}"


class ProductAttribute(models.Model):
    """Assignment of an attribute value to a product (its own row, so saves emit signals)."""

    product = models.ForeignKey(Product, related_name="product_attributes", on_delete=models.CASCADE,
                                verbose_name=_("product"))
    attribute_value = models.ForeignKey(
        AttributeValue, related_name="product_attributes", on_delete=models.CASCADE, verbose_name=_("attribute value")
    )

    class Meta:
        verbose_name = _("product attribute")
        verbose_name_plural = _("product attributes")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "attribute_value"], name="uniq_product_attribute_value"
            )
        ]


def sku_taken(sku: str, *, exclude_pk: int | None = None) -> str | None:
    """The message when another product holds `sku` in any letter case (None when free).
    A SKU with refused characters is never looked up (NUL cannot even be sent to PostgreSQL)."""
    if invisible_characters(sku):
        return None
    others = Product.objects.filter(sku__iexact=sku)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    existing = others.values_list("sku", flat=True).first()
    return taken_message(sku, existing) if existing is not None else None


from products.feeds.models import FeedImport  # noqa: E402,F401  (the feed imports' model, its own module)
