"""Build a realistic demo school: staff in every role, about 150 pupils on the SEND register, their families,
profiles, targets, provision and professionals. `make run` calls it, then shows the demo logins.

Running it again changes nothing: accounts are matched by email and pupils by UPN, and only what is missing
is added (a pupil's records are written only with the pupil). Records get history dated when they were
plausibly made, by the member of staff who made them, so the history pages look lived in.
"""

import random
import secrets
import time
from collections import Counter
from datetime import date, datetime, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import SCHOOL_ROLES, PortalInvitation, Role, User
from demo import content as C
from demo.audits import build_demo_audit
from demo.booking import build_demo_review_days
from demo.contacts import build_demo_contacts
from demo.events import build_demo_events
from demo.library import build_demo_library
from demo.meetings import build_demo_meetings
from demo.plan import PASSWORD, SEED, DemoPlan, PupilPlan, build_plan
from demo.provision import build_demo_provision
from demo.sen_plans import build_demo_plans
from meetings.models import Meeting
from meetings.notice_planning import plan_meeting
from pupils.invitations import hash_token
from pupils.models import (
    OnePageProfile,
    Outcome,
    ParentCarer,
    ProfessionalInvolvement,
    ProgressNote,
    Provision,
    Pupil,
    PupilParent,
)
from school.calendar_file import load_calendar
from school.models import School, TermDates
from services.models import Reach, SupportService

# What the SENCO may do on the admin site: everything in these apps except delete (nothing is deleted silently).
SENCO_ADMIN_APPS = ("accounts", "school", "pupils", "meetings", "audits")


def moment(day: date, n: int) -> datetime:
    """A time during the school day on `day`; `n` (a primary key) spreads records over the day."""
    naive = datetime.combine(day, datetime.min.time()) + timedelta(hours=8, minutes=30 + (n * 37) % 450)
    return timezone.make_aware(naive)


def agreed_at(plan: PupilPlan) -> datetime | None:
    day = plan.parents_may_see_record_agreed_on
    return moment(day, 0) if day else None


def with_history(model, objs: list, when: list[date], by: list[User | None], update: bool = False) -> list:
    """Historical records for objects just written, dated `when` and made `by` each person."""
    for obj, day, user in zip(objs, when, by, strict=True):
        obj._history_date, obj._history_user = moment(day, obj.pk), user
    return model.history.bulk_history_create(objs, update=update) or []


class DemoSchoolWriter:
    """Writes the plan to the database, adding only what is not there yet."""

    def __init__(self, plan: DemoPlan):
        self.plan = plan
        self.created: Counter[str] = Counter()

    def write(self) -> Counter:
        self.users = self._accounts()
        self.senco = self.users[f"senco@{C.STAFF_DOMAIN}"]
        self.office = self.users[f"office@{C.STAFF_DOMAIN}"]
        self._school()
        stored = set(Pupil.objects.filter(upn__in=[p.upn for p in self.plan.pupils]).values_list("upn", flat=True))
        new = [p for p in self.plan.pupils if p.upn not in stored]
        if new:
            pupils = self._pupils(new)
            self._families(new, pupils)
            self._profiles(new, pupils)
            self._targets(new, pupils)
            self._provision(new, pupils)
        self._portal_invitations()
        return self.created

    def _accounts(self) -> dict[str, User]:
        emails = [a.email for a in self.plan.accounts]
        users = {user.email: user for user in User.objects.filter(email__in=emails)}
        missing = [a for a in self.plan.accounts if a.email not in users]
        if missing:
            hashed = make_password(PASSWORD)  # one hash for every demo account: hashing each would take seconds
            new = User.objects.bulk_create(
                User(
                    email=a.email,
                    first_name=a.first_name,
                    last_name=a.last_name,
                    role=a.role,
                    job_title=a.job_title,
                    is_staff=a.role == Role.SENCO,
                    password=hashed,
                )
                for a in missing
            )
            users.update({user.email: user for user in new})
            self.created["accounts"] += len(new)
            for user in new:
                if user.role == Role.SENCO:
                    perms = Permission.objects.filter(content_type__app_label__in=SENCO_ADMIN_APPS)
                    user.user_permissions.add(*perms.exclude(codename__startswith="delete_"))
        return users

    def _school(self) -> None:
        school = School.load()
        if school.name == School._meta.get_field("name").default and not school.address:
            school.name, school.address = C.SCHOOL_NAME, C.SCHOOL_ADDRESS
            school.phone, school.email = C.SCHOOL_PHONE, C.SCHOOL_EMAIL
            school.office_hours = "Monday to Friday, 8:15am to 4:15pm"
            school.senco_availability = "Tuesday and Thursday mornings, or after school by appointment"
            school.head_teacher = self.users.get(f"head@{C.STAFF_DOMAIN}")
            school.sen_governor = self.users.get(f"governor@{C.STAFF_DOMAIN}")
            school.save()
        if not TermDates.objects.exists():  # the school's own dates, once entered, are left alone
            loaded = load_calendar(C.CALENDAR_FILE.read_text(encoding="utf-8"))
            self.created["terms"] += len(loaded.terms_added)
            self.created["closure days"] += loaded.closure_days_added
        if not school.published_documents():
            for name, url in C.PUBLISHED_DOCUMENTS.items():
                setattr(school, name, url)
            school.save()
        for service in C.LOCAL_SERVICES:
            SupportService.objects.get_or_create(name=service["name"], defaults=service | {"reach": Reach.LOCAL})

    def _user(self, email: str | None) -> User | None:
        return self.users[email] if email else None

    def _pupils(self, plans: list[PupilPlan]) -> list[Pupil]:
        pupils = Pupil.objects.bulk_create(
            Pupil(
                legal_first_name=p.legal_first_name,
                legal_last_name=p.legal_last_name,
                preferred_name=p.preferred_name,
                date_of_birth=p.date_of_birth,
                year_group=p.year_group,
                form=p.form,
                upn=p.upn,
                sen_status=p.sen_status,
                primary_need=p.primary_need,
                secondary_need=p.secondary_need,
                added_to_register_on=p.added_to_register_on,
                key_worker=self._user(p.key_worker),
                class_teacher=self._user(p.class_teacher),
                user=self._user(p.user_email),
                own_email=p.own_email,
                parents_may_see_record_agreed_at=agreed_at(p),
                parents_may_see_record_recorded_by=self.senco if p.parents_may_see_record_agreed_on else None,
            )
            for p in plans
        )
        through = Pupil.teaching_assistants.through
        through.objects.bulk_create(
            through(pupil=pupil, user=self.users[email])
            for p, pupil in zip(plans, pupils, strict=True)
            for email in p.teaching_assistants
        )
        added = [p.added_to_register_on for p in plans]
        self._history_with_assistants(pupils, added)
        past = [(p, pupil) for p, pupil in zip(plans, pupils, strict=True) if p.removed]
        for p, pupil in past:  # taken off the register later, so the history shows the removal
            pupil.removed_from_register_on, pupil.removal_reason = p.removed_from_register_on, p.removal_reason
        past_pupils = [pupil for _, pupil in past]
        Pupil.objects.bulk_update(past_pupils, ["removed_from_register_on", "removal_reason"])
        self._history_with_assistants(past_pupils, [p.removed_from_register_on for p, _ in past], update=True)
        self.created["pupils"] += len(pupils)
        return pupils

    def _portal_invitations(self) -> None:
        """Invitations to the parents' portal sent a few days ago and not used yet (the link itself is never sent)."""
        wanted = {link.parent.key: link.parent for p in self.plan.pupils for link in p.links}
        for parent in wanted.values():
            if parent.portal_invited_days_ago is None:
                continue
            record = ParentCarer.objects.filter(
                first_name=parent.first_name, last_name=parent.last_name, email=parent.email
            ).first()
            if record is None or PortalInvitation.objects.filter(parent=record).exists():
                continue
            sent = timezone.now() - timedelta(days=parent.portal_invited_days_ago)
            PortalInvitation.objects.create(
                parent=record,
                email=record.email,
                token_hash=hash_token(secrets.token_urlsafe(32)),
                invited_by=self.office,
                created_at=sent,
                expires_at=sent + PortalInvitation.VALID_FOR,
            )
            self.created["portal invitations"] += 1

    def _history_with_assistants(self, pupils: list[Pupil], when: list[date], update: bool = False) -> None:
        """Pupil history, with the teaching assistants at the time (the many-to-many history)."""
        records = with_history(Pupil, pupils, when, [self.senco] * len(pupils), update=update)
        through = Pupil.teaching_assistants.through
        links: dict[int, list] = {}
        for row in through.objects.filter(pupil__in=pupils):
            links.setdefault(row.pupil_id, []).append(row)
        assistants_history = apps.get_model("pupils", "HistoricalPupil_teaching_assistants")
        assistants_history.objects.bulk_create(
            assistants_history(history=record, id=row.id, pupil_id=row.pupil_id, user_id=row.user_id)
            for record in records
            for row in links.get(record.id, [])
        )

    def _families(self, plans: list[PupilPlan], pupils: list[Pupil]) -> None:
        wanted = {link.parent.key: link.parent for p in plans for link in p.links}
        emails = {parent.email for parent in wanted.values() if parent.email}
        mobiles = {parent.mobile_phone for parent in wanted.values()}
        stored = {
            (pc.first_name, pc.last_name, pc.email, pc.mobile_phone): pc
            for pc in ParentCarer.objects.filter(Q(email__in=emails) | Q(mobile_phone__in=mobiles))
        }
        missing = [parent for key, parent in wanted.items() if key not in stored]
        fields = [f.name for f in ParentCarer._meta.fields if f.editable and f.name not in ("id", "user")]
        new = ParentCarer.objects.bulk_create(
            ParentCarer(user=self._user(parent.user_email), **{name: getattr(parent, name) for name in fields})
            for parent in missing
        )
        with_history(ParentCarer, new, [parent.known_from for parent in missing], [self.office] * len(new))
        stored.update({parent.key: obj for parent, obj in zip(missing, new, strict=True)})
        self.created["parents and carers"] += len(new)
        links, when = [], []
        for p, pupil in zip(plans, pupils, strict=True):
            for link in p.links:
                links.append(
                    PupilParent(
                        pupil=pupil,
                        parent=stored[link.parent.key],
                        relationship=link.relationship,
                        has_parental_responsibility=link.has_parental_responsibility,
                        lives_with_pupil=link.lives_with_pupil,
                        contact_order=link.contact_order,
                    )
                )
                when.append(p.added_to_register_on)
        PupilParent.objects.bulk_create(links)
        with_history(PupilParent, links, when, [self.office] * len(links))

    def _profiles(self, plans: list[PupilPlan], pupils: list[Pupil]) -> None:
        pairs = [(p.profile, pupil) for p, pupil in zip(plans, pupils, strict=True) if p.profile]
        profiles = OnePageProfile.objects.bulk_create(
            OnePageProfile(pupil=pupil, **plan.sections) for plan, pupil in pairs
        )
        for (plan, _), profile in zip(pairs, profiles, strict=True):
            profile.updated_at = moment(plan.written_on, profile.pk)
        OnePageProfile.objects.bulk_update(profiles, ["updated_at"])  # bulk_update leaves auto_now alone
        with_history(
            OnePageProfile,
            profiles,
            [plan.written_on for plan, _ in pairs],
            [self._user(plan.written_by) for plan, _ in pairs],
        )
        self.created["one-page profiles"] += len(profiles)

    def _targets(self, plans: list[PupilPlan], pupils: list[Pupil]) -> None:
        pairs = [(target, pupil) for p, pupil in zip(plans, pupils, strict=True) for target in p.targets]
        outcomes = Outcome.objects.bulk_create(
            Outcome(
                pupil=pupil,
                description=t.description,
                success_measure=t.success_measure,
                who_helps=t.who_helps,
                review_date=t.review_date,
                status=t.status,
            )
            for t, pupil in pairs
        )
        for (target, _), outcome in zip(pairs, outcomes, strict=True):
            outcome.created_at = moment(target.created_on, outcome.pk)
        Outcome.objects.bulk_update(outcomes, ["created_at"])  # the date the target was set, not today
        with_history(Outcome, outcomes, [t.created_on for t, _ in pairs], [self._user(t.set_by) for t, _ in pairs])
        notes = [(n, outcome) for (t, _), outcome in zip(pairs, outcomes, strict=True) for n in t.notes]
        progress = ProgressNote.objects.bulk_create(
            ProgressNote(outcome=outcome, noted_on=n.noted_on, note=n.note, recorded_by=self._user(n.recorded_by))
            for n, outcome in notes
        )
        with_history(ProgressNote, progress, [n.noted_on for n, _ in notes], [note.recorded_by for note in progress])
        self.created["targets"] += len(outcomes)
        self.created["progress notes"] += len(progress)

    def _provision(self, plans: list[PupilPlan], pupils: list[Pupil]) -> None:
        supports = [(s, pupil) for p, pupil in zip(plans, pupils, strict=True) for s in p.supports]
        provision = Provision.objects.bulk_create(
            Provision(
                pupil=pupil,
                intervention=s.intervention,
                frequency=s.frequency,
                group_size=s.group_size,
                staff=self._user(s.staff),
                setting=s.setting,
                start_date=s.start_date,
                end_date=s.end_date,
            )
            for s, pupil in supports
        )
        with_history(Provision, provision, [s.start_date for s, _ in supports], [self.senco] * len(provision))
        people = [(pro, pupil) for p, pupil in zip(plans, pupils, strict=True) for pro in p.professionals]
        professionals = ProfessionalInvolvement.objects.bulk_create(
            ProfessionalInvolvement(
                pupil=pupil,
                service=pro.service,
                name=pro.name,
                contact=pro.contact,
                parents_consented_on=pro.parents_consented_on,
                notes=pro.notes,
            )
            for pro, pupil in people
        )
        when = [pro.recorded_on for pro, _ in people]
        with_history(ProfessionalInvolvement, professionals, when, [self.senco] * len(professionals))
        self.created["provision"] += len(provision)
        self.created["professionals involved"] += len(professionals)


class Command(BaseCommand):
    help = (
        "Build a realistic demo school (staff in every role, about 150 pupils on the SEND register, families, "
        "profiles, targets and provision) and print the demo logins. Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        plan = build_plan(random.Random(SEED), timezone.localdate())
        with transaction.atomic():
            created = DemoSchoolWriter(plan).write()
            created.update(build_demo_meetings([p.upn for p in plan.pupils], timezone.localdate()))
            senco, office = (
                User.objects.filter(email=f"{name}@{C.STAFF_DOMAIN}").first() for name in ("senco", "office")
            )
            if senco and office:
                created.update(build_demo_review_days(senco, office, timezone.localdate()))
                created.update(build_demo_audit(senco, timezone.localdate()))
            created.update(build_demo_contacts(timezone.localdate()))
            if senco and office:
                created.update(build_demo_events(senco, timezone.localdate()))
                created.update(build_demo_library(office, timezone.localdate()))
                created.update(build_demo_provision(senco, timezone.localdate()))
                created.update(build_demo_plans(senco, timezone.localdate()))
            # Upcoming meetings get their notices and reminders, so a running worker sends them.
            for meeting in Meeting.objects.booked().filter(starts_at__gt=timezone.now()):
                plan_meeting(meeting)
        self.stdout.write(self._summary(created, time.monotonic() - started))
        self.stdout.write(self._logins(plan))

    def _summary(self, created: Counter, seconds: float) -> str:
        counts = Pupil.objects.on_register().status_counts()
        school = (
            f"{School.load().name}: {counts['total']} pupils on the SEND register ({counts['sen_support']} SEN "
            f"support, {counts['ehc_plan']} EHC plan, {counts['monitoring']} monitoring), "
            f"{Pupil.objects.past().count()} past pupils, {ParentCarer.objects.count()} parents and carers, "
            f"{User.objects.filter(role__in=SCHOOL_ROLES).count()} staff accounts."
        )
        if not created:
            return f"{school} Nothing to add: the demo school is already in place ({seconds:.1f}s)."
        added = ", ".join(f"{n} {what}" for what, n in created.items() if n)
        return self.style.SUCCESS(f"{school} Added {added} ({seconds:.1f}s).")

    def _logins(self, plan: DemoPlan) -> str:
        rows = [("Role", "Email", "Password", "Who")] + [
            (role, email, PASSWORD, who) for role, email, who in plan.logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = ["", "Demo logins (every demo account, staff included, uses the same password):"]
        for n, row in enumerate(rows):
            lines.append(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths + [0], strict=True)).rstrip()
            )
            if n == 0:
                lines.append("  " + "  ".join("-" * width for width in widths + [len("Who")]))
        lines += [
            "",
            "Staff also give a 6-digit code from an authenticator app; the first sign-in sets one up (README.md,",
            "'Signing in'). No phone to hand? `.venv/bin/python manage.py two_step_code EMAIL` prints the code",
            "(with DJANGO_DEBUG=true, as `make run` sets it).",
        ]
        return "\n".join(lines)
