"""OpenAPI types for django-elasticsearch-dsl-drf's serializer fields.

drf-spectacular does not know the package's ObjectField; our documents use
it for the per-language objects ({"cs": ..., "sk": ..., "en": ...}).
Loaded in SearchConfig.ready().
"""
from drf_spectacular.extensions import OpenApiSerializerFieldExtension


class PerLanguageObjectFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "django_elasticsearch_dsl_drf.fields.nested_fields.ObjectField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "object", "additionalProperties": {"type": "string"}}
