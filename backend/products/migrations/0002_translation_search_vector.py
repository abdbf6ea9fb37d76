"""Full-text vector of each translation for the PostgreSQL search fallback.

A trigger keeps it current on every insert and update (bulk_create included).
English rows use the `english` configuration, others `simple` (PostgreSQL has
no Czech or Slovak one): products.search_vector.text_search_config() states
the same rule for queries, and a test holds the two together.
"""
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


TRIGGER = """
CREATE OR REPLACE FUNCTION products_translation_search_vector() RETURNS trigger AS $$
DECLARE
    config regconfig := CASE WHEN NEW.language = 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(config, unaccent(coalesce(NEW.title, ''))), 'A')
        || setweight(to_tsvector(config, unaccent(coalesce(NEW.short_description, ''))), 'B');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER translation_search_vector
    BEFORE INSERT OR UPDATE OF title, short_description, language ON products_producttranslation
    FOR EACH ROW EXECUTE FUNCTION products_translation_search_vector();

UPDATE products_producttranslation SET title = title;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('products', '0001_initial'),
    ]

    operations = [
        UnaccentExtension(),  # a trusted extension since PostgreSQL 13; IF NOT EXISTS
        migrations.AddField(
            model_name='producttranslation',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='producttranslation',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='translation_search_vector'),
        ),
        migrations.RunSQL(TRIGGER, "DROP TRIGGER IF EXISTS translation_search_vector ON products_producttranslation;"
                                   "DROP FUNCTION IF EXISTS products_translation_search_vector();"),
    ]
