"""Parent-friendly PDFs: Django templates under templates/documents/, drawn by WeasyPrint.

Every document extends documents/base.html, which carries the one print stylesheet (documents/print.css)
and the glossary box. Fonts come from installed packages (Atkinson Hyperlegible from PyPI, DejaVu Sans
from Debian): nothing is ever fetched from the internet while rendering.
"""

from collections.abc import Iterable
from functools import cache

import fontpkg_atkinson_hyperlegible as atkinson
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

from school.models import School

from .glossary import document_text, glossary_for

GLOSSARY_MARK = "<!-- glossary -->"
FONT_DIR = atkinson.ROOT / "files"


@cache
def font_urls() -> dict[str, str]:
    """file:// addresses of the packaged font files, for @font-face in print.css."""
    return {
        "regular": (FONT_DIR / "AtkinsonHyperlegible-Regular.ttf").as_uri(),
        "bold": (FONT_DIR / "AtkinsonHyperlegible-Bold.ttf").as_uri(),
        "italic": (FONT_DIR / "AtkinsonHyperlegible-Italic.ttf").as_uri(),
        "bold_italic": (FONT_DIR / "AtkinsonHyperlegible-BoldItalic.ttf").as_uri(),
    }


class PackagedFontsOnly(URLFetcher):
    """Fetch the packaged font files and nothing else: no network, no other local file."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",))

    def fetch(self, url, headers=None):
        if not url.startswith(FONT_DIR.as_uri() + "/"):
            raise URLFetchingError(f"Documents load only the packaged fonts, not {url}")
        return super().fetch(url, headers)


def render_html(template_name, context, *, large_print=False, title, request=None, glossary=True) -> str:
    """The document as HTML, ending (if `glossary`) with a box explaining each glossary term it uses."""
    context = {
        "school": School.load(),
        **context,
        "title": title,
        "large_print": large_print,
        "fonts": font_urls(),
    }
    html = render_to_string(template_name, context, request=request)
    if glossary:
        terms = glossary_for(document_text(html))
        box = render_to_string("documents/_glossary.html", {"glossary": terms}) if terms else ""
        html = html.replace(GLOSSARY_MARK, box, 1)
    return html


PDF_VARIANT = "pdf/ua-1"  # tagged, with title and language: screen readers can follow it


def render_pdf(template_name, context, *, large_print=False, title, request=None, glossary=True) -> bytes:
    """A tagged, accessible PDF (PDF/UA-1) of a document template, in standard or large print."""
    html = render_html(template_name, context, large_print=large_print, title=title, request=request, glossary=glossary)
    return HTML(string=html, url_fetcher=PackagedFontsOnly()).write_pdf(pdf_variant=PDF_VARIANT)


def render_bundle(htmls: Iterable[str], *, title: str) -> bytes:
    """Several documents (each a whole HTML page from render_html) as one PDF to print in one go.

    Each is laid out on its own, so each starts on a new page and numbers its own pages ('Page 1 of 2' is this
    letter's first page, not the batch's): a parent is handed their own pages, not page 7 of 40.
    """
    documents = [HTML(string=html, url_fetcher=PackagedFontsOnly()).render(pdf_variant=PDF_VARIANT) for html in htmls]
    if not documents:
        raise ValueError("There is nothing to put in the PDF.")
    bundle = documents[0].copy([page for document in documents for page in document.pages])
    bundle.metadata.title = bundle.metadata.description = title
    return bundle.write_pdf(pdf_variant=PDF_VARIANT)


__all__ = ["glossary_for", "render_bundle", "render_html", "render_pdf"]
