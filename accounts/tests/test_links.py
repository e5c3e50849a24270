"""Nobody is shown a link they cannot follow.

Each role signs in, opens its home page, follows every link there (the menu and the page's own links), and the links
of the pages those lead to; none answers 403. The access table (test_access.py) says who may open each URL; this
says the menus and buttons agree with it. Links are followed with GET, inside the site only; forms are not sent.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

ROLES = ["senco", "teacher", "other_teacher", "office", "head", "parent_a", "young_person"]
# Not pages of the site's own: files, Django's admin (it checks is_staff itself), and signing out is a form.
NOT_FOLLOWED = ("/static/", "/media/", "/admin/", "/logout/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(response, page: str) -> list[str]:
    """The site's own pages an HTML page links to, as paths (with their query), in order, each once."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    parser = _Links()
    parser.feed(response.content.decode())
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(page, href))
        if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "testserver"):
            continue  # another site, an email address, a phone number
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(NOT_FOLLOWED) or path in found:
            continue
        found.append(path)
    return found


def opened(client, url: str):
    """The page at the end of any redirects, and its address."""
    response = client.get(url, follow=True)
    return response, response.request["PATH_INFO"]


@pytest.mark.parametrize("role", ROLES)
def test_no_link_answers_403(client, world, role):
    client.force_login(world[role])
    home, home_path = opened(client, reverse("accounts:home"))
    assert home.status_code == 200
    seen = {home_path}
    refused = []
    next_level = [(home_path, link) for link in links_on(home, home_path)]
    for depth in (1, 2):  # the home page's links, then theirs
        level, next_level = next_level, []
        for page, link in level:
            if link in seen:
                continue
            seen.add(link)
            response, landed = opened(client, link)
            if response.status_code == 403:
                refused.append(f"{page} links to {link}")
            elif depth == 1:
                next_level += [(landed, found) for found in links_on(response, landed)]
    assert len(seen) > 5, f"{role} found almost no links: the walk did not start"
    assert refused == [], f"{role} is shown links that answer 403"
