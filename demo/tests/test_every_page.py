"""Every page each demo person reaches from their menu is valid HTML (the W3C's Nu Html Checker) and has no serious or
critical accessibility problem (axe-core in Chromium) at a desk width and on a phone.

The demo school is built once for the module and walked once with the test client (demo/tests/pages.py). The HTML
checker reads all the pages in one run; Chromium is served the same answers by intercepting its requests (the static
files from Django's finders), so there is no live server, no second build and one browser.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python import sync_playwright as axe_module
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings

from demo.tests.pages import DEMO_PEOPLE, MORE_STAFF, Page, pages_reached, signed_in

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))
AXE_SCRIPT = Path(axe_module.__file__).with_name("axe.min.js").read_text(encoding="utf-8")  # shipped in the wheel
SERIOUS = ("serious", "critical")
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SITE = "http://testserver"

pytestmark = pytest.mark.django_db  # the walk reads the demo school; pytest-django sets up a database for marked tests


@pytest.fixture(scope="module")
def walked(chromium, demo_school, django_db_blocker) -> list[Page]:
    # Chromium first: once Playwright has started, Django hands this thread another database connection, and the
    # demo's open transaction must be on the one the tests will use.
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock(), override_settings(STORAGES=plain_static):  # as conftest's, for the module
        return [
            page
            for person, email in {**DEMO_PEOPLE, **MORE_STAFF}.items()
            for page in pages_reached(signed_in(email), person)
        ]


def test_each_person_reaches_their_pages_and_every_one_opens(walked):
    reached = {person: sum(page.person == person for page in walked) for person in {**DEMO_PEOPLE, **MORE_STAFF}}
    assert min(reached.values()) >= 10, reached  # the walk went beyond the home page for everyone
    assert reached["SENCO"] >= 80, reached
    assert [f"{page.person} {page.path}: {page.status}" for page in walked if page.status != 200] == []


def test_every_page_is_valid_html(walked, tmp_path):
    assert shutil.which("java"), "The HTML checker runs on Java: apt-get install default-jre-headless"
    assert VNU_JAR.exists(), f"No HTML checker at {VNU_JAR}: `make install-test` installs it (npm ci)"
    files = {}
    for number, page in enumerate(page for page in walked if page.is_html):
        file = tmp_path / f"{number:04}.html"
        file.write_bytes(page.content)
        files[file.name] = page
    checked = subprocess.run(
        [
            "java",
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr)["messages"]
    assert len(files) > 150
    errors = [
        f"{page.person} {page.path} line {message.get('lastLine')}: {message['message']}"
        for message in messages
        # The checker names each file by a URL of its own form (file:/tmp/...), so match on the file's name.
        if message["type"] == "error" and (page := files[message["url"].rsplit("/", 1)[-1]])
    ]
    assert errors == [], "\n".join(errors)


def answer_from(site_pages: dict[str, Page], unseen: list[str]):
    """Chromium's requests answered from what the walk kept, and the static files from Django's finders. Nothing
    here touches the database: Playwright calls this with a connection of its own, which cannot see the demo."""

    def answer(route):
        url = urlsplit(route.request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        if url.path.startswith(settings.STATIC_URL):
            found = finders.find(url.path.removeprefix(settings.STATIC_URL))
            return route.fulfill(path=found) if found else route.fulfill(status=404)
        page = site_pages.get(path)
        if page is None:
            unseen.append(path)
            return route.fulfill(status=404)
        return route.fulfill(status=page.status, headers=page.headers, body=page.content)

    return answer


def problems_on(page, path: str) -> list[str]:
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id} (${v.impact}): ${v.help}, ${v.nodes.length} place(s), such as `
                      + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; "))"""
    )
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
        found.append("wider than the screen: the menu, a table or a long word does not fit")
    return [f"{path}: {problem}" for problem in found]


@pytest.mark.browser
@pytest.mark.parametrize("screen", [DESK, PHONE], ids=["desk", "phone"])
def test_every_page_has_no_serious_accessibility_problem(walked, chromium, screen):
    problems, unseen = [], []
    for person in DEMO_PEOPLE:
        pages = [page for page in walked if page.person == person and page.is_html]
        context = chromium.new_context(base_url=SITE, viewport=screen)
        try:
            context.add_init_script(script=AXE_SCRIPT)
            context.route(f"{SITE}/**", answer_from({page.path: page for page in pages}, unseen))
            tab = context.new_page()
            for page in pages:
                tab.goto(page.path)
                problems += [f"{person}, {screen['width']} px, {problem}" for problem in problems_on(tab, page.path)]
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
    assert unseen == [], "pages asked for what the walk did not keep"


@pytest.mark.browser
def test_on_a_phone_a_wide_table_is_reached_with_tab_and_scrolled_with_the_arrow_keys(walked, chromium):
    [plan] = [page for page in walked if page.person == "SENCO" and page.path == "/audits/action-plan/"]
    context = chromium.new_context(base_url=SITE, viewport=PHONE, reduced_motion="reduce")
    try:
        context.route(f"{SITE}/**", answer_from({plan.path: plan}, []))
        tab = context.new_page()
        tab.goto(plan.path)
        for _ in range(60):
            tab.keyboard.press("Tab")
            if tab.evaluate("document.activeElement.classList.contains('table-responsive')"):
                break
        box = tab.locator(":focus")
        assert box.get_attribute("role") == "region"
        assert box.get_attribute("aria-label") == "Audit actions: still to do, soonest due first (scrolls sideways)"
        tab.keyboard.press("ArrowRight")
        # A function, not a string: the page's Content-Security-Policy refuses the eval a string would need.
        tab.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=5000)
    finally:
        context.close()
