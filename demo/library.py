"""The demo school's lending library: books, games, sensory and visual resources, with copies out to families (one
overdue, one due back this week) and some already returned.

Safe to run again: if the library has any item, nothing is added.
"""

import random
from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from demo import content
from library.loans import lend, record_return
from library.models import Copy, Item
from pupils.models import Pupil, PupilParent

SEED = 2026

# (title, kind, need, copies, what it is), from demo/content/library.json.
ITEMS = [(i["title"], i["kind"], i["need"], i["copies"], i["description"]) for i in content.words("library")["items"]]


def build_demo_library(lender: User, today: date | None = None) -> Counter:
    today = today or timezone.localdate()
    created: Counter[str] = Counter()
    if Item.objects.exists():
        return created
    rng = random.Random(SEED)
    pupils = list(
        Pupil.objects.on_register()
        .exclude(primary_need="")
        .prefetch_related(
            Prefetch(
                "parent_links",
                queryset=PupilParent.objects.filter(has_parental_responsibility=True).select_related("parent"),
            )
        )
        .order_by("upn")
    )
    with transaction.atomic():
        copies = []
        for n, (title, kind, need, count, description) in enumerate(ITEMS, start=1):
            item = Item.objects.create(title=title, kind=kind, need=need, description=description)
            for c in range(count):
                copies.append(Copy.objects.create(item=item, label=f"LIB-{n:02d}{c + 1}"))
            created["library items"] += 1
        created["library copies"] = len(copies)
        for copy in copies[::2]:
            suited = [
                p for p in pupils if p.parent_links.all() and (not copy.item.need or p.primary_need == copy.item.need)
            ]
            if not suited:
                continue
            pupil = rng.choice(suited)
            parent = pupil.parent_links.all()[0].parent
            lent_on = today - timedelta(days=rng.randint(3, 40))
            loan = lend(copy, parent, pupil, by=lender, lent_on=lent_on, due_back_on=lent_on + timedelta(days=28))
            if loan.due_back_on < today and rng.random() < 0.7:
                record_return(loan, by=lender, returned_on=min(today, loan.due_back_on))
                created["library loans returned"] += 1
            else:
                created["library loans out"] += 1
    return created
