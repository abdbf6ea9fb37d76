"""What both XML feeds do alike: items read one by one, a bad one reported and skipped, and
name/value pairs of an item's child elements read as attributes."""
from collections.abc import Callable, Iterator
from typing import IO

from products.feeds import items
from products.feeds.items import BadItem, FeedItem, ItemError
from products.feeds.safe_xml import Element, child_text, iter_elements, local_name


def read_xml_items(stream: IO[bytes], *, tag: str, id_tag: str, language: str,
                   build: Callable[..., FeedItem]) -> Iterator[FeedItem | BadItem]:
    """`build(element, position=, sku=, language=)` makes each `tag` element an item; an
    ItemError it raises is that item's BadItem (with its position and SKU), not the end."""
    for position, element in enumerate(iter_elements(stream, tag), start=1):
        sku = items.text(child_text(element, id_tag))
        try:
            yield build(element, position=position, sku=sku, language=language)
        except ItemError as error:
            yield BadItem(position=position, sku=sku, reason=str(error))


def element_params(element: Element, tag: str, name_tag: str, value_tag: str) -> list[tuple[str, str]]:
    """The (name, value) attribute pairs of `element`'s `tag` children, empty ones left out."""
    pairs = (items.param(child_text(child, name_tag), child_text(child, value_tag))
             for child in element if local_name(child) == tag)
    return [pair for pair in pairs if pair]
