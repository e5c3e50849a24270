from django import forms
from django.db.models import Case, Q, When
from django.forms import BaseModelFormSet, inlineformset_factory, modelformset_factory
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils import timezone

from common.text import SENTENCES, long_text_input, refuse_control_characters
from pupils import responsibility
from pupils.forms import DateInput, school_staff
from pupils.models import ParentCarer
from services.models import SupportService, needs_of

from .compliance import is_short_notice, notice_days
from .models import ActionOwner, ActionPoint, Invitee, Meeting, MeetingRecord, MeetingStatus, OutcomeReview
from .scheduling import default_minutes, interpreter_language_for


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class MeetingForm(forms.ModelForm):
    """Arrange a meeting: when, where, why, who, and the arrangements the family needs."""

    parents = forms.ModelMultipleChoiceField(
        queryset=ParentCarer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Parents and carers invited",
    )
    staff = forms.ModelMultipleChoiceField(
        queryset=school_staff(),
        required=False,
        label="Staff invited",
        help_text="Hold Ctrl (or Cmd) to choose more than one.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    pupil_invited = forms.BooleanField(required=False, label="The pupil is invited")
    others = long_text_input(
        required=False,
        label="Others invited",
        max_length=SENTENCES,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One person per line: name, then a comma, then their role. "
        "For example: Jess Moran, Speech and language therapist.",
    )

    class Meta:
        model = Meeting
        fields = [
            "meeting_type",
            "starts_at",
            "duration_minutes",
            "place",
            "purpose",
            "led_by",
            "chaired_by",
            "parent_report_requested",
            "report_help_offered",
            "interpreter_language",
            "childcare_arranged",
            "alternative_times_offered",
            "invited_on",
            "short_notice_reason",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "invited_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "alternative_times_offered": forms.Textarea(attrs={"rows": 2}),
            "short_notice_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"duration_minutes": "Leave blank for the usual length of this type of meeting."}

    def __init__(self, *args, pupil, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        self.fields["starts_at"].input_formats = DATETIME_FORMATS
        self.fields["duration_minutes"].required = False
        self.fields["led_by"].queryset = school_staff()
        self.fields["chaired_by"].queryset = school_staff()
        self.fields["parents"].queryset = responsibility.contacts_to_invite_to_meetings(pupil)
        self.fields["parents"].label_from_instance = lambda parent: parent.full_name
        if self.instance.pk:
            invitees = list(self.instance.invitees.all())
            self.initial.update(
                parents=[i.parent_id for i in invitees if i.parent_id],
                staff=[i.user_id for i in invitees if i.user_id],
                pupil_invited=any(i.kind == "pupil" for i in invitees),
                others="\n".join(f"{i.name}, {i.role}" for i in invitees if i.kind in ("professional", "interpreter")),
            )
        else:
            linked_staff = [s.pk for s in (pupil.class_teacher, pupil.key_worker) if s]
            self.initial.setdefault("led_by", user.pk)
            if pupil.decides_without_parents():
                self.initial.setdefault("pupil_invited", True)
            else:
                self.initial.setdefault(
                    "parents",
                    [link.parent_id for link in pupil.parent_links.all() if link.has_parental_responsibility],
                )
            self.initial.setdefault("staff", linked_staff)
            self.initial.setdefault("interpreter_language", interpreter_language_for(pupil))

    def clean_others(self) -> list[tuple[str, str]]:
        people = []
        for number, line in enumerate(self.cleaned_data["others"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                refuse_control_characters(line)  # a tab or a stray control character would go into the names
            except forms.ValidationError as error:
                raise forms.ValidationError(f"Line {number}: {error.messages[0]}") from None
            name, _, role = line.partition(",")
            if not name.strip() or not role.strip():
                raise forms.ValidationError(f"Line {number}: write the name, a comma, then the role.")
            people.append((name.strip(), role.strip()))
        return people

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("duration_minutes") and cleaned.get("meeting_type"):
            cleaned["duration_minutes"] = default_minutes(cleaned["meeting_type"])
            self.instance.duration_minutes = cleaned["duration_minutes"]
        if self.pupil.decides_without_parents():
            name = self.pupil.first_name
            if cleaned.get("parents"):
                self.add_error(
                    "parents",
                    f"{name} is past compulsory school age and has not agreed to their parents seeing their record: "
                    f"invite {name}, or record their agreement on their page first.",
                )
            if not cleaned.get("pupil_invited") and not self.errors:
                self.add_error("pupil_invited", f"Invite {name}: past compulsory school age, they speak for themselves")
        elif not cleaned.get("parents") and not self.errors:
            self.add_error("parents", "Invite at least one parent or carer.")
        return cleaned

    def _post_clean(self):
        self.instance.pupil = self.pupil
        super()._post_clean()


class CancelForm(forms.Form):
    reason = long_text_input(max_length=SENTENCES, label="Why is the meeting cancelled?")


class RearrangeForm(forms.Form):
    starts_at = forms.DateTimeField(label="New date and time", widget=DateTimeInput(), input_formats=DATETIME_FORMATS)
    short_notice_reason = long_text_input(
        required=False,
        max_length=SENTENCES,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the new date gives less than 14 days' notice.",
    )

    def clean(self):
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        if starts_at:
            today, day = timezone.localdate(), timezone.localtime(starts_at).date()
            if is_short_notice(today, day) and not cleaned.get("short_notice_reason", "").strip():
                self.add_error(
                    "short_notice_reason",
                    f"This gives the family {notice_days(today, day)} days' notice, less than the 14 we promise. "
                    "Say why it cannot wait.",
                )
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s, s.label) for s in (MeetingStatus.CONFIRMED, MeetingStatus.HELD, MeetingStatus.DID_NOT_ATTEND)]
    )


class RecordForm(forms.ModelForm):
    class Meta:
        model = MeetingRecord
        fields = [
            "parent_views",
            "pupil_views",
            "staff_views",
            "main_issue",
            "support_agreed",
            "summary",
            "next_meeting_on",
            "follow_up_offered",
            "signposts",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[:6]} | {
            "next_meeting_on": DateInput(),
            "signposts": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "next_meeting_on": "A proposed meeting is made for this date when the record is finalised.",
            "signposts": "Tick the services you told the family about. The record gives them each one's contact "
            "details.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_signposts()

    def _offer_signposts(self) -> None:
        """Active services, those for the pupil's own needs first; one already ticked stays even if now hidden."""
        pupil = self.instance.meeting.pupil if self.instance.meeting_id else None
        needs = needs_of(pupil) if pupil else []
        chosen = list(self.instance.signposts.values_list("pk", flat=True)) if self.instance.pk else []
        services = SupportService.objects.filter(Q(active=True) | Q(pk__in=chosen))
        for_needs = [service.pk for service in services if service.serves_any_of(needs)]
        field = self.fields["signposts"]
        field.queryset = services.order_by(Case(When(pk__in=for_needs, then=0), default=1), "order", "name")
        field.label_from_instance = lambda service: (
            f"{service.name} ({service.get_kind_display().lower()})"
            + (f": may help with {pupil.first_name}'s needs" if service.pk in for_needs else "")
        )


class RowsShownFormSet(BaseModelFormSet):
    """Edits the rows the page showed and adds none. A post with more forms than rows, or a form for a row not
    shown (another meeting's, or none), is refused whole: the view checks `matches_rows_shown()` before saving."""

    edit_only = True

    def matches_rows_shown(self) -> bool:
        management = self.management_form
        if not management.is_valid():
            return False
        total = management.cleaned_data[TOTAL_FORM_COUNT]
        # Fewer forms than rows is honest: a row added since the page was shown is simply left as it is.
        if total != management.cleaned_data[INITIAL_FORM_COUNT] or not 0 <= total <= self.get_queryset().count():
            return False
        # A posted id outside the rows leaves the form without an instance (pk None); one row twice is no edit.
        rows = [form.instance.pk for form in self.forms]
        return None not in rows and len(set(rows)) == len(rows)


AttendanceFormSet = modelformset_factory(Invitee, formset=RowsShownFormSet, fields=["attendance"], extra=0)

OutcomeReviewFormSet = modelformset_factory(
    OutcomeReview,
    formset=RowsShownFormSet,
    fields=["progress", "status_after"],
    extra=0,
    widgets={"progress": forms.Textarea(attrs={"rows": 2})},
)


class ActionPointForm(forms.ModelForm):
    class Meta:
        model = ActionPoint
        fields = ["description", "owner", "owner_staff", "owner_parent", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_on": DateInput()}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_staff"].queryset = school_staff()
        self.fields["owner_parent"].queryset = ParentCarer.objects.filter(pupil_links__pupil=meeting.pupil)
        self.fields["owner_parent"].label_from_instance = lambda parent: parent.full_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") == ActionOwner.SCHOOL and not cleaned.get("owner_staff"):
            self.add_error("owner_staff", "Name the member of staff who will do this.")
        return cleaned


ActionPointFormSet = inlineformset_factory(
    Meeting, ActionPoint, form=ActionPointForm, extra=3, can_delete=True, fk_name="meeting"
)
