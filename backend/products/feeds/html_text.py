"""A feed's HTML description as plain text: tags dropped, entities decoded, scripts and
styles dropped with their content; never rendered, never evaluated (the standard library's
tolerant HTMLParser, which fetches nothing)."""
from html.parser import HTMLParser

SKIPPED = {"script", "style", "template", "noscript"}
BLOCKS = {"p", "br", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Lines kept (a block tag or <br> ends one), spaces within a line collapsed, blank lines dropped."""
    if "<" in html or "&" in html:
        parser = _Text()
        parser.feed(html)
        parser.close()
        html = "".join(parser.parts)
    lines = (" ".join(line.split()) for line in html.split("\n"))
    return "\n".join(line for line in lines if line)
