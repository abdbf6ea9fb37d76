"""`{% storefront_texts as t %}`: texts in the request's ?lang, for pages rendered outside
storefront views (the 404 page comes from common.views.not_found)."""
from django import template

from storefront.texts import requested_language, texts_for

register = template.Library()


@register.simple_tag(takes_context=True)
def storefront_texts(context):
    request = context.get("request")
    language = requested_language(request) if request is not None else "en"
    return {**texts_for(language), "lang": language}
