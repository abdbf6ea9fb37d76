"""Streaming XML with bounded memory and no entity tricks, on the standard library's expat.

A feed comes from outside: a DTD (where the billion laughs' entities and external entities,
a local file or a URL, are declared) is refused the moment expat reads `<!DOCTYPE`, before
anything is declared, expanded or fetched, and so is any entity declaration or reference
expat would otherwise skip: defusedxml's forbid_dtd, in the few lines we need, with no
new dependency (the standard library's C ElementTree parser hides its expat object).
Each wanted element is handed over once complete, then dropped with everything before it,
so memory holds one item, whatever the file's size.
"""
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

CHUNK = 64 * 1024


class FeedFormatError(Exception):
    """The file cannot be read as this feed at all (not one bad item: the whole file)."""


def _refuse_doctype(*args):
    raise FeedFormatError("The feed has a DTD (<!DOCTYPE>); feeds need none, and it is refused.")


def _refuse_entity(*args):
    raise FeedFormatError("The feed declares XML entities (a DTD); entities are refused.")


def _refuse_external(*args):
    raise FeedFormatError("The feed refers to an external entity; it is refused.")


class _Stream:
    """expat feeding an ElementTree builder; completed elements queue up in `done`."""

    def __init__(self):
        self.builder = TreeBuilder()
        self.done: list[tuple[Element, Element | None]] = []  # (element, its parent)
        self.parents: list[Element] = []
        self.expat = expat.ParserCreate(namespace_separator="}")
        self.expat.buffer_text = True
        self.expat.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.expat.StartDoctypeDeclHandler = _refuse_doctype
        self.expat.EntityDeclHandler = _refuse_entity
        self.expat.SkippedEntityHandler = _refuse_entity
        self.expat.UnparsedEntityDeclHandler = _refuse_entity
        self.expat.ExternalEntityRefHandler = _refuse_external
        self.expat.StartElementHandler = self._start
        self.expat.EndElementHandler = self._end
        self.expat.CharacterDataHandler = self.builder.data

    @staticmethod
    def _tag(name):
        return "{" + name if "}" in name else name

    def _start(self, name, attributes):
        self.parents.append(self.builder.start(self._tag(name), attributes))

    def _end(self, name):
        element = self.builder.end(self._tag(name))
        self.parents.pop()
        self.done.append((element, self.parents[-1] if self.parents else None))

    def feed(self, chunk: bytes, final: bool) -> None:
        try:
            self.expat.Parse(chunk, final)
        except expat.ExpatError as error:
            raise FeedFormatError(f"Malformed XML: {expat.ErrorString(error.code)}: line {error.lineno}, "
                                  f"column {error.offset}.") from None


def local_name(element: Element) -> str:
    """The tag without its namespace: Heureka's and Zboží.cz's SHOPITEM alike."""
    return element.tag.rsplit("}", 1)[-1]


def child_text(element: Element, name: str) -> str | None:
    """The text of the first child named `name` (any namespace), None when there is none."""
    for child in element:
        if local_name(child) == name:
            return "".join(child.itertext())
    return None


def iter_elements(stream: IO[bytes], tag: str) -> Iterator[Element]:
    """Each complete element named `tag` (any namespace) in document order."""
    parser = _Stream()
    while True:
        chunk = stream.read(CHUNK)
        parser.feed(chunk, final=not chunk)
        done, parser.done = parser.done, []
        for element, parent in done:
            if local_name(element) == tag:
                yield element
                if parent is not None:  # dropped from its parent: the tree never grows
                    parent.remove(element)
                element.clear()
        if not chunk:
            return
