"""The judged catalog loaded from feeds instead of the generator (`relevance.py --feed-format`).

The judgments grade a product by what the generator made it (kind, colour, material), which
no feed carries as such: those facts are taken from the generated catalog by SKU, and
everything the search sees (titles, descriptions, categories, attributes, prices, ids) comes
from what the feeds loaded. So the run measures what a catalog loses on its way through a
feed: the same products, the same judgments, only the data in PostgreSQL and the index differ.
"""
from dataclasses import replace

from lib import env
from lib.relevance.catalog import published_products
from lib.relevance.report import LANGUAGES

RESET = "from products.demo.catalog import reset_catalog; reset_catalog()"


def export_generated(fmt, directory):
    """The generated catalog as one feed per language: [(path, language)]."""
    directory.mkdir(parents=True, exist_ok=True)
    feeds = []
    for language in LANGUAGES:
        path = directory / f"relevance-{fmt}-{language}.xml"
        env.manage("export_feed", "--format", fmt, "--language", language, "--output", str(path))
        feeds.append((path, language))
    return feeds


def load(feeds, fmt):
    """An empty catalog (no demo categories or attributes either: the feeds name their own),
    then the feeds imported in one run, merged by SKU. Returns the import's summary and seconds."""
    env.manage("shell", "-c", RESET)
    languages = [f"--language={language}" for _, language in feeds]
    output, seconds, _ = env.manage("import_catalog", *(str(path) for path, _ in feeds), "--format", fmt, *languages)
    return output.strip().splitlines()[-1], seconds


def shape():
    """What a feed may carry or lose, counted in the catalog as it stands."""
    from products.models import AttributeType, AttributeValue, Category, Product, ProductTranslation

    return {
        "products": Product.objects.count(),
        "published": Product.objects.filter(is_published=True).count(),
        "categories": Category.objects.count(),
        "attribute types": AttributeType.objects.count(),
        "attribute values": AttributeValue.objects.count(),
        "translations": ProductTranslation.objects.count(),
        "short descriptions": ProductTranslation.objects.exclude(short_description="").count(),
        "stock above 1": Product.objects.filter(stock__gt=1).count(),
        "with a category": Product.objects.filter(category__isnull=False).count(),
    }


def feed_products(truth):
    """The loaded catalog's published products, judged by the generated product of their SKU."""
    by_sku = {product.sku: product for product in truth}
    loaded = published_products(kind_of=lambda sku: by_sku[sku].kind if sku in by_sku else "")
    unknown = [product.sku for product in loaded if product.sku not in by_sku]
    if unknown:
        raise SystemExit(f"{len(unknown)} products of the feeds are not in the generated catalog "
                         f"(e.g. {unknown[:3]}): the feeds must be the generated catalog's, same --products and --seed")
    return [replace(product, colour=by_sku[product.sku].colour, material=by_sku[product.sku].material)
            for product in loaded]


def changed_titles(truth, products):
    """Titles the loaded catalog holds differently, per language (a feed writes a language's
    fallback title where a product had no translation of its own)."""
    by_sku = {product.sku: product for product in truth}
    return {language: sum(by_sku[p.sku].titles.get(language) != p.titles.get(language) for p in products)
            for language in LANGUAGES}
