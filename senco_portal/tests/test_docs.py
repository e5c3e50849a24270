"""README.md and docs/: every relative link leads to a file that exists, and an #anchor to a heading in it; the
README stays short enough to read first; docs/README.md lists every page; `make bench` writes its tables into
docs/performance.md."""

import re
from pathlib import Path

import pytest

from bench.run import RESULTS_END, RESULTS_START, update_performance_page

ROOT = Path(__file__).resolve().parent.parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"

FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
# [text](target) and ![alt](target), with an optional "title"; <https://...> autolinks are never relative.
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def prose(text: str) -> str:
    """The text without code, whose brackets are not links."""
    return INLINE_CODE.sub("", FENCED.sub("", text))


def anchors(page: Path) -> set[str]:
    """The #anchors a heading makes, as GitHub makes them: lower case, punctuation dropped, spaces to hyphens, and
    -1, -2 after a repeated one."""
    found: set[str] = set()
    for heading in HEADING.findall(FENCED.sub("", page.read_text())):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading keeps only its text
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in found:
            n += 1
            candidate = f"{slug}-{n}"
        found.add(candidate)
    return found


def broken_links(page: Path) -> list[str]:
    """Each relative link on the page whose file, or heading, is not there."""
    broken = []
    for target in LINK.findall(prose(page.read_text())):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto: and the like
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{page.name}: {target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{page.name}: {target} (no such heading)")
    return broken


def test_every_relative_link_leads_to_a_file_and_heading_that_exist():
    assert len(pages()) > 10  # the README and the docs pages are all found
    assert [problem for page in pages() for problem in broken_links(page)] == []


def test_a_link_to_a_missing_page_or_heading_is_found(tmp_path):
    (tmp_path / "there.md").write_text("# There\n\n## Backups and upgrades\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[fine](there.md#backups-and-upgrades) [also fine](#page) [web](https://example.org/x.md)\n"
        "[gone](missing.md) [no heading](there.md#scaling-out) `[code](not-a-link.md)`\n"
        "```\n[in a block](not-a-link-either.md)\n```\n"
    )
    assert broken_links(page) == [
        "page.md: missing.md (no such file)",
        "page.md: there.md#scaling-out (no such heading)",
    ]


def test_readme_stays_under_10000_characters():
    size = len(README.read_bytes())
    assert size < 10_000, f"README.md is {size:,} bytes: move detail to a page in docs/"


def test_docs_index_lists_every_page():
    index = prose((DOCS / "README.md").read_text())
    linked = {target.partition("#")[0] for target in LINK.findall(index)}
    missing = [page.name for page in sorted(DOCS.glob("*.md")) if page.name != "README.md" and page.name not in linked]
    assert missing == []


@pytest.fixture
def performance_page(tmp_path):
    copy = tmp_path / "performance.md"
    copy.write_text((DOCS / "performance.md").read_text())
    return copy


def test_bench_writes_its_tables_between_the_markers_and_keeps_the_rest(performance_page):
    before, _, rest = performance_page.read_text().partition(RESULTS_START)
    after = rest.partition(RESULTS_END)[2]
    results = (
        "# Benchmark results\n\nRun today.\n\n## Targets\n\n| target | measured |\n|---|---|\n| register | 60 ms |\n\n"
        "## Profiles of pages that missed a target\n\n### register\n\nslow\n"
    )

    assert update_performance_page(results, performance_page)

    text = performance_page.read_text()
    assert text == before + RESULTS_START + "\nRun today.\n\n### Targets\n\n| target | measured |\n|---|---|\n" + (
        "| register | 60 ms |\n" + RESULTS_END + after
    )


def test_bench_leaves_a_page_without_markers_alone(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n\nNo markers.\n")

    assert not update_performance_page("# Benchmark results\n\n## Targets\n", page)
    assert page.read_text() == "# Performance\n\nNo markers.\n"
