"""Every page each demo person reaches from their home page: the menu, the pages it leads to, and theirs.

The walk follows links with GET as the person would, one page of each kind (URL name) per person, and keeps what
the site answered, so that the HTML checker and the browser's accessibility checks look at the same pages without
asking the site again. Files (a PDF, a CSV, an .ics) are not pages and are not fetched.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import User
from accounts.tests.test_links import links_on
from conftest import TwoStepClient

# One person of each role the demo school signs in as, and the staff whose pages differ by what they do.
DEMO_PEOPLE = {
    "SENCO": "senco@demo.school.example",
    "class teacher": "class.teacher@demo.school.example",
    "office": "office@demo.school.example",
    "head teacher": "head@demo.school.example",
    "parent": "parent@demo.school.example",
    "young person": "young.person@demo.school.example",
}
MORE_STAFF = {
    "teaching assistant": "ta@demo.school.example",
    "form tutor": "form.tutor@demo.school.example",
    "pastoral lead": "pastoral@demo.school.example",
}
CLICKS = 3  # the menu, the pages it leads to, and the pages those lead to
LOOKED_AT = 3  # pages of one kind whose links are followed
A_FILE = re.compile(r"\.[a-z0-9]+$")  # /audits/action-plan.pdf, /pupils/export.csv, /meetings/12/invite.ics


@dataclass
class Page:
    person: str
    path: str
    clicks: int
    status: int
    headers: dict[str, str]
    content: bytes = field(repr=False)

    @property
    def is_html(self) -> bool:
        return self.headers.get("Content-Type", "").startswith("text/html")


def kind_of(path: str) -> str:
    try:
        return resolve(path.split("?")[0]).view_name
    except Resolver404:
        return path


def pages_reached(client: Client, person: str, clicks: int = CLICKS) -> list[Page]:
    """The pages `person` (signed in on `client`) reaches within `clicks` clicks of their home page, one per kind.
    The links of a few pages of each kind are followed: a meeting's page links to its record only once held."""
    pages: dict[str, Page] = {}
    asked: set[str] = {"/"}
    queued = Counter()  # links of each kind to be opened
    to_open = [("/", 0)]
    while to_open:
        path, depth = to_open.pop(0)
        response = client.get(path, follow=True)
        query = response.request.get("QUERY_STRING")
        landed = response.request["PATH_INFO"] + (f"?{query}" if query else "")
        page = Page(person, landed, depth, response.status_code, dict(response.items()), response.content)
        pages.setdefault(kind_of(landed), page)
        if depth == clicks or not page.is_html:
            continue
        for link in links_on(response, landed):
            kind = kind_of(link)
            if link in asked or queued[kind] >= LOOKED_AT or A_FILE.search(link.split("?")[0]):
                continue
            asked.add(link)
            queued[kind] += 1
            to_open.append((link, depth + 1))
    return list(pages.values())


def signed_in(email: str) -> Client:
    """A client signed in as the demo person, the code step of signing in done for them."""
    client = TwoStepClient()
    client.force_login(User.objects.get(email=email))
    return client
