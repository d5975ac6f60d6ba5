"""The article body of an HTML page: the text every offset of an HTML document points into.

trafilatura does the extraction (`include_comments=False`: reader comments are
not the article; no network, no URL given). Scripts, styles, `<nav>` and HTML
comments are removed before trafilatura sees the page, because its fallback
extractors keep menu text on short pages. When trafilatura returns nothing but the
page has visible text (tiny or unusual pages), a plain lxml extraction of the
`<body>` is used instead, still without scripts, navigation, header, footer
or asides. Title, URL and site name come from trafilatura's metadata
(og:title, canonical link, og:site_name), else the raw `<title>`.

A page nested deeper than libxml2 can build (2048 levels even with huge_tree)
is read by a streaming parser that keeps no tree (`flat_text`): the visible
text of the whole page, without article detection, and a W102 warning.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.etree
import lxml.html
import trafilatura

logger = logging.getLogger(__name__)

# Elements whose text is never article text, for the lxml fallback.
DROPPED_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer",
    "aside", "form", "button", "select", "iframe", "svg", "head",
)  # fmt: skip
# Removed before trafilatura sees the page.
PRE_DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "iframe")
# Elements that end a line of text in the lxml fallback.
BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 section article main blockquote pre tr table "
    "dl dt dd figure figcaption hr address caption".split()
)


@dataclass(frozen=True)
class HtmlArticle:
    """What one HTML page gives: the body text ("" if none) and page metadata."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    too_deep: str | None = None  # libxml2's message when the page was read by `flat_text`


def without_navigation(html: str) -> lxml.html.HtmlElement | str:
    """The parsed page minus scripts, styles, `<nav>` and comments (the string if it cannot be parsed).

    trafilatura's fallback extractors keep `<nav>` text on short pages
    ("Accueil Irak" before the article), so it is removed before extraction.
    Header and footer are left to trafilatura: an `<article><header>` holds the headline.
    """
    tree = _parse(html)
    if tree is None:
        return html
    for node in list(tree.xpath("//comment() | //processing-instruction()")):
        _drop(node)
    for node in list(tree.iter(*PRE_DROPPED_TAGS)):
        _drop(node)
    return tree


def trafilatura_text(html: str) -> str:
    """trafilatura's plain-text article body, "" when it finds none (or fails)."""
    try:
        text = trafilatura.extract(
            without_navigation(html),
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            output_format="txt",
        )
    except Exception as exc:  # one odd page must not stop the corpus
        logger.debug("trafilatura failed: %s", exc)
        return ""
    return text or ""


def _parser() -> lxml.html.HTMLParser:
    # huge_tree: without it libxml2 stops nesting at depth 256 and silently drops
    # the text below (pages with hundreds of unclosed <font> or <div> exist).
    return lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)


def _parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_parser())
    except (lxml.etree.LxmlError, ValueError):
        return None


def nesting_problem(html: str) -> str | None:
    """Why libxml2 cannot build the whole tree of `html` (nesting past its depth limit), or None.

    Even with huge_tree libxml2 stops at depth 2048 and drops everything below;
    extracting what is left would be a silent truncation, so the page is read by `flat_text`.
    """
    parser = _parser()
    try:
        lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return None  # nothing parseable: the extractors give "" and the reader says E108
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            return entry.message.strip()
    return None


def plain_text(html: str) -> str:
    """Visible `<body>` text via lxml: one line per block, spaces collapsed, blank lines dropped.

    Scripts, styles, navigation, header, footer, asides and comments are removed.
    """
    tree = _parse(html)
    if tree is None:
        return ""
    for node in list(tree.xpath("//comment() | //processing-instruction()")):
        _drop(node)
    for node in list(tree.iter(*DROPPED_TAGS)):
        _drop(node)
    for node in tree.iter(*BLOCK_TAGS):
        node.tail = "\n" + (node.tail or "")
    return visible_lines(tree.text_content())


def visible_lines(text: str) -> str:
    """`text` one line per block: spaces collapsed, blank lines dropped."""
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _FlatReader(HTMLParser):
    """Collects the text outside `DROPPED_TAGS`, a line break after each block element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped = 0  # open elements of DROPPED_TAGS around the current text

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_TAGS:
            self.dropped += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in DROPPED_TAGS:
            self.dropped = max(0, self.dropped - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.dropped:
            self.parts.append(data)


def flat_text(html: str) -> str:
    """The visible text of a page read as a stream of tags (no tree, so no depth limit), one line per block."""
    reader = _FlatReader()
    reader.feed(html)
    reader.close()
    return visible_lines("".join(reader.parts))


def _drop(node: lxml.etree._Element) -> None:
    """Remove `node` but keep its tail text in the tree."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def page_metadata(html: str) -> tuple[str | None, str | None, str | None]:
    """`(title, url, site name)` of the page; None for each one not found."""
    title = url = source = None
    try:
        meta = trafilatura.extract_metadata(html, extensive=False)
        title, url, source = meta.title, meta.url, meta.sitename
    except Exception as exc:
        logger.debug("trafilatura metadata failed: %s", exc)
    if not title:
        tree = _parse(html)
        raw = tree.findtext(".//title") if tree is not None else None
        title = re.sub(r"\s+", " ", raw).strip() if raw else None
    return title or None, url or None, source or None


def extract_article(html: str) -> HtmlArticle:
    """The article body and metadata of one decoded HTML page (`too_deep` set when read by `flat_text`)."""
    title, url, source = page_metadata(html)
    too_deep = nesting_problem(html)
    if too_deep is not None:
        return HtmlArticle(text=flat_text(html), title=title, url=url, source=source, too_deep=too_deep)
    text = trafilatura_text(html) or plain_text(html)
    return HtmlArticle(text=text, title=title, url=url, source=source)
