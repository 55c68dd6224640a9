"""Laying a portfolio document out as a PDF with WeasyPrint (Debian: pango, see the README).

The PDF is PDF/UA-1: tagged structure for screen readers (headings, lists, tables in reading
order), the document's language (``<html lang>``) and its title in the metadata, shown by
readers instead of the file name. A cover, a contents page with page numbers, and on every page
a footer with the page number and the verification code and link.
"""

import logging
from typing import Any

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string

from apps.portfolio_documents.sections import Build, Section

# WeasyPrint logs every layout step at INFO: a page of log lines per document.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def document_title(build: Build) -> str:
    return f"Portfolio of {build.worker.display_name}"


def render_html(*, build: Build, parts: list[tuple[Section, dict[str, Any]]], code: str, verify_url: str) -> str:
    return render_to_string(
        "portfolio_documents/pdf/document.html",
        {
            "title": document_title(build),
            "lang": settings.PORTFOLIO_DOCUMENT_LANGUAGE,
            "build": build,
            "parts": [{"section": section, **context} for section, context in parts],
            "code": code,
            "verify_url": verify_url,
        },
    )


def render_pdf(
    *, build: Build, parts: list[tuple[Section, dict[str, Any]]], code: str, verify_url: str
) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages."""
    html = render_html(build=build, parts=parts, code=code, verify_url=verify_url)
    # base_url None: the document loads nothing (no images, fonts or style sheets from anywhere).
    document = weasyprint.HTML(string=html, base_url=None).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
