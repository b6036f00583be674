"""A sanitised narrative (p, ul, ol, li, strong, em, a, h3) written as Word paragraphs."""

from __future__ import annotations

from html.parser import HTMLParser

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

_BLOCKS = {"p": None, "h3": "Heading 3", "li": "List Bullet"}


class _NarrativeWriter(HTMLParser):
    def __init__(self, document: DocxDocument) -> None:
        super().__init__()
        self.document = document
        self.paragraph: Paragraph | None = None
        self.bold = self.italic = False
        self.lists: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag in _BLOCKS:
            style = "List Number" if tag == "li" and self.lists[-1:] == ["ol"] else _BLOCKS[tag]
            self.paragraph = self.document.add_paragraph(style=style)
        self.bold = self.bold or tag == "strong"
        self.italic = self.italic or tag == "em"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in _BLOCKS:
            self.paragraph = None
        self.bold = self.bold and tag != "strong"
        self.italic = self.italic and tag != "em"

    def handle_data(self, data: str) -> None:
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        run = self.paragraph.add_run(data)
        run.bold, run.italic = self.bold or None, self.italic or None


def add_narrative(document: DocxDocument, html: str) -> None:
    if html:
        writer = _NarrativeWriter(document)
        writer.feed(html)
        writer.close()
