"""Each meeting's event in families' calendars (`Meeting.calendar_uid`), shared by a meeting and those it was
rearranged to.

Meetings made before this keep the UID their files were sent with, `meeting-<pk>@senco-portal`, so families'
calendars still match what they were sent. A chain of rearrangements (each old meeting closed and linked to the next)
becomes one event: it takes the UID of the meeting whose file a parent was sent last (the time the family's calendar
shows now; before this, each meeting of a chain was sent as an event of its own), or the first meeting's if no file
was sent. Later files count the changes to the whole chain (meetings/ics.py: meeting_sequence), so they are newer
than any the family has.
"""

from django.db import migrations, models
from django.db.models.functions import Cast, Coalesce, Concat

REARRANGED = "rearranged"
CALENDAR_KINDS = ("notice", "change", "cancellation")


def pk_uid(field: str):
    return Concat(models.Value("meeting-"), Cast(field, models.CharField()), models.Value("@senco-portal"))


def chains(goes_to: dict[int, int]) -> list[list[int]]:
    """Each chain of rearrangements, first meeting first."""
    found = []
    for first in goes_to.keys() - set(goes_to.values()):
        chain = [first]
        while chain[-1] in goes_to and goes_to[chain[-1]] not in chain:
            chain.append(goes_to[chain[-1]])
        found.append(chain)
    return found


def give_meetings_their_calendar_uids(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    HistoricalMeeting = apps.get_model("meetings", "HistoricalMeeting")
    Message = apps.get_model("notices", "Message")

    Meeting.objects.update(calendar_uid=pk_uid("pk"))
    goes_to = dict(Meeting.objects.filter(rearranged_to__isnull=False).values_list("pk", "rearranged_to_id"))
    rearranged = set(Meeting.objects.filter(status=REARRANGED).values_list("pk", flat=True))
    for chain in chains(goes_to):
        if any(pk not in rearranged for pk in chain[:-1]):
            continue  # not a plain chain of rearrangements (changed by hand): each meeting keeps its own event
        last_sent = (
            Message.objects.filter(meeting__in=chain, parent__isnull=False, kind__in=CALENDAR_KINDS, status="sent")
            .order_by("-sent_at")
            .values_list("meeting_id", flat=True)
            .first()
        )
        Meeting.objects.filter(pk__in=chain).update(calendar_uid=f"meeting-{last_sent or chain[0]}@senco-portal")

    meeting_uid = Meeting.objects.filter(pk=models.OuterRef("id")).values("calendar_uid")[:1]
    HistoricalMeeting.objects.update(calendar_uid=Coalesce(models.Subquery(meeting_uid), pk_uid("id")))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_signposts_name_services"),
        ("notices", "0004_kinds_registered_by_their_apps"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeeting",
            name="calendar_uid",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="meeting",
            name="calendar_uid",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(give_meetings_their_calendar_uids, migrations.RunPython.noop),
    ]
