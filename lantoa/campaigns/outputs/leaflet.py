"""A printable tri-fold leaflet (tờ gấp ba) as PDF: one A4 sheet in landscape, printed on both sides and folded in
three (letter fold). Page 1 is the outside: the flap that folds in (the list of sections), the back (contact) and
the cover (organisation and title); page 2 is the inside, the sections flowing through three panels.

Rendered by WeasyPrint from ``campaigns/leaflet.html`` with the fonts of ``settings.DIGEST_PDF_FONTS`` (they must
cover Vietnamese; see doc/digests.md). Text that does not fit the inside raises ``LeafletOverflowError`` (a
``ValueError``): a leaflet is one sheet, nothing is cut or moved to a third page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

__all__ = ["LeafletOverflowError", "leaflet_pdf"]

BULLETS = ("- ", "• ", "+ ", "* ")
PAGES = 2


class LeafletOverflowError(ValueError):
    """The sections do not fit the three inside panels; ``excess_characters`` is an estimate of what to cut."""

    def __init__(self, excess_characters: int) -> None:
        self.excess_characters = excess_characters
        super().__init__(f"Nội dung quá dài cho tờ gấp ba: cần bớt khoảng {excess_characters} ký tự.")


def _blocks(text: str) -> list[dict[str, Any]]:
    """Paragraphs, one per line; consecutive lines starting with "- " or "• " make one bulleted list."""
    blocks: list[dict[str, Any]] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(BULLETS):
            item = line[2:].strip()
            if blocks and blocks[-1].get("items") is not None:
                blocks[-1]["items"].append(item)
            else:
                blocks.append({"items": [item]})
        else:
            blocks.append({"text": line, "items": None})
    return blocks


def leaflet_html(title: str, sections: Sequence[tuple[str, str]], *, organisation: str = "", contact: str = "") -> str:
    """The leaflet as a standalone HTML document (the PDF's source)."""
    context: dict[str, Any] = {
        "title": title.strip(),
        "organisation": organisation.strip(),
        "contact_lines": [line.strip() for line in contact.splitlines() if line.strip()],
        "sections": [
            {"heading": heading.strip(), "blocks": _blocks(text)}
            for heading, text in sections
            if heading.strip() or text.strip()
        ],
        "pdf_fonts": settings.DIGEST_PDF_FONTS,
    }
    context["headings"] = [section["heading"] for section in context["sections"] if section["heading"]]
    with translation.override("vi"):
        return render_to_string("campaigns/leaflet.html", context)


def leaflet_pdf(title: str, sections: Sequence[tuple[str, str]], *, organisation: str = "", contact: str = "") -> bytes:
    """The leaflet as PDF bytes: 2 pages of A4 landscape (297 × 210 mm), outside then inside.

    ``sections``: (heading, text) pairs, in reading order; in the text each line is a paragraph and lines starting
    with "- " or "• " are a bulleted list. ``contact``: lines for the back panel (address, telephone, web site).
    ``ValueError`` without a title or sections; ``LeafletOverflowError`` when the sections need more than the three
    inside panels.
    """
    from weasyprint import HTML

    if not title.strip():
        raise ValueError("a leaflet needs a title")
    if not any(heading.strip() or text.strip() for heading, text in sections):
        raise ValueError("a leaflet needs at least one section")
    document = HTML(string=leaflet_html(title, sections, organisation=organisation, contact=contact)).render()
    if len(document.pages) > PAGES:
        inside_pages = len(document.pages) - 1
        characters = sum(len(heading) + len(text) for heading, text in sections)
        raise LeafletOverflowError(max(1, round(characters * (inside_pages - 1) / inside_pages)))
    return bytes(document.write_pdf())
