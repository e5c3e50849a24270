"""Reading a PDF the way a test should: its words, its type sizes and its accessibility tags."""

import io

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer
from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """All the words, with line breaks and runs of spaces folded to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def chars(layout):
    for item in layout:
        if isinstance(item, LTChar):
            yield item
        elif hasattr(item, "__iter__"):
            yield from chars(item)


def type_sizes(pdf: bytes) -> list[set[float]]:
    """Per page, the sizes (in points) of every printed character, read from the PDF's own text runs."""
    return [
        {round(char.size, 1) for char in chars(page) if char.get_text().strip()}
        for page in extract_pages(io.BytesIO(pdf))
        if any(isinstance(item, LTTextContainer) for item in page)
    ]


def smallest_type(pdf: bytes) -> float:
    return min(min(sizes) for sizes in type_sizes(pdf) if sizes)


def catalog(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    return reader.trailer["/Root"], reader.metadata
