"""Forms for running an audit: the school's own questions, a new audit or re-audit, answers and agreed positions."""

from datetime import date

from django import forms
from django.db import transaction
from django.forms.formsets import TOTAL_FORM_COUNT

from common.text import PARAGRAPHS, long_text_input, one_line_input

from .models import (
    AgreedPosition,
    Audit,
    AuditQuestion,
    AuditResponse,
    AuditSection,
    Rating,
    RespondentGroup,
    Scope,
)

MAX_TEXT = 4000  # a column of the audit sheet, not an essay


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def a_year_on(day: date) -> date:
    """The same date next year (28 February after a 29th): the guide's 'review in a year'."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class OwnQuestionForm(forms.ModelForm):
    """The school's own question, added to a section of the guide."""

    prompts_text = long_text_input(
        label="Prompts: things to consider",
        required=False,
        max_length=PARAGRAPHS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line. Staff see them beside the question.",
    )

    class Meta:
        model = AuditQuestion
        fields = ["text", "prompts_text", "sheet_prompt", "parent_wording"]
        labels = {"text": "The question", "sheet_prompt": "Key prompt on the audit sheet (optional)"}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "parent_wording": "The question in everyday words, for the parents' questionnaire: "
            "for example 'Do you feel welcome when you visit the school?'",
        }

    def save(self, commit: bool = True) -> AuditQuestion:
        self.instance.prompts = lines(self.cleaned_data["prompts_text"])
        self.instance.added_by_school = True
        return super().save(commit)


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, question: AuditQuestion) -> str:
        hidden = " (does not apply to our school)" if question.is_hidden else ""
        return f"{question.reference} {question.text}{hidden}"


class AuditForm(forms.ModelForm):
    """A new audit, or a re-audit started from the last one (the view sets `started_from`)."""

    groups = forms.MultipleChoiceField(
        label="Groups asked",
        choices=RespondentGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The guide asks the whole school community, and a parent.",
        error_messages={"required": "Choose at least one group to ask."},
    )
    sections = forms.ModelMultipleChoiceField(
        label="Sections",
        queryset=AuditSection.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for an audit of chosen sections.",
    )
    questions = QuestionChoiceField(
        label="Questions",
        queryset=AuditQuestion.objects.select_related("section"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="Only for an audit of chosen questions.",
    )

    class Meta:
        model = Audit
        fields = ["title", "held_on", "scope", "sections", "questions", "groups", "review_on"]
        widgets = {"held_on": DateInput(), "review_on": DateInput(), "scope": forms.RadioSelect}
        help_texts = {"review_on": "When the school looks at this again: usually about a year on."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = Scope.choices  # no empty choice
        if not self.is_bound and not self.instance.review_on:
            held_on = self.initial.get("held_on") or self.instance.held_on
            self.initial.setdefault("review_on", a_year_on(held_on))

    def questions_by_section(self) -> list[tuple[AuditSection, list]]:
        """The question checkboxes, one fieldset per section."""
        grouped: dict[int, tuple[AuditSection, list]] = {}
        for checkbox in self["questions"]:
            question = checkbox.data["value"].instance
            grouped.setdefault(question.section_id, (question.section, []))[1].append(checkbox)
        return list(grouped.values())

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == Scope.SECTIONS and not data.get("sections"):
            self.add_error("sections", "Choose at least one section, or make it a full audit.")
        if scope == Scope.QUESTIONS and not data.get("questions"):
            self.add_error("questions", "Choose at least one question, or make it a full audit.")
        # What the scope does not use is not kept, so the audit says only what it asks.
        if scope != Scope.SECTIONS:
            data["sections"] = AuditSection.objects.none()
        if scope != Scope.QUESTIONS:
            data["questions"] = AuditQuestion.objects.none()
        return data


def rating_field(label: str, required: bool = False, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Rating.choices,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        **kwargs,
    )


def text_field(label: str, rows: int = 3) -> forms.CharField:
    return long_text_input(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


class ResponseForm(forms.Form):
    """One question on the audit sheet: the two columns, and a rating so that audits can be compared."""

    current_practice = text_field("Current Practice")
    points_for_action = text_field("Points for Action")
    rating = rating_field("Rating")

    def __init__(self, *args, question: AuditQuestion, **kwargs):
        self.question = question
        super().__init__(*args, **kwargs)

    def is_empty(self) -> bool:
        return not any(self.cleaned_data.get(name) for name in ("current_practice", "points_for_action", "rating"))


class BaseResponseFormSet(forms.BaseFormSet):
    """A section's questions for one group (or one person in it): a form per question, in the guide's order.

    The questions come from the audit, never from the posted data: form n is always question n."""

    def __init__(self, *args, audit: Audit, group: str, respondent: str, questions: list[AuditQuestion], **kwargs):
        self.audit, self.group, self.respondent, self.questions = audit, group, respondent, questions
        self.existing = {
            response.question_id: response
            for response in AuditResponse.objects.filter(
                audit=audit, group=group, respondent=respondent, question__in=[q.pk for q in questions]
            )
        }
        initial = [
            {
                "current_practice": r.current_practice,
                "points_for_action": r.points_for_action,
                "rating": r.rating,
            }
            if (r := self.existing.get(q.pk))
            else {}
            for q in questions
        ]
        super().__init__(*args, initial=initial, **kwargs)

    def total_form_count(self) -> int:
        return len(self.questions)

    def matches_questions_shown(self) -> bool:
        """A post with another number of forms was not sent by this page as it stands (a question added or hidden
        since it was shown, or a crafted post): form n would no longer be question n."""
        management = self.management_form
        return management.is_valid() and management.cleaned_data[TOTAL_FORM_COUNT] == len(self.questions)

    def get_form_kwargs(self, index):
        return {"question": self.questions[index]}

    @transaction.atomic
    def save(self, user) -> int:
        """Keep every answer; a question emptied again loses its row. Returns how many questions have an answer."""
        answered = 0
        for form in self.forms:
            existing = self.existing.get(form.question.pk)
            if form.is_empty():
                if existing:
                    existing.delete()
                continue
            answered += 1
            AuditResponse.objects.update_or_create(
                audit=self.audit,
                question=form.question,
                group=self.group,
                respondent=self.respondent,
                defaults={**form.cleaned_data, "recorded_by": user},
            )
        return answered


ResponseFormSet = forms.formset_factory(ResponseForm, formset=BaseResponseFormSet, extra=0)


class RespondentForm(forms.Form):
    """Whose answers these are: the group's shared answer, or one person's (a name or a role)."""

    respondent = one_line_input(
        label="Name or role (optional)",
        required=False,
        max_length=100,
        help_text="Leave blank for the group's shared answer, for example from a staff meeting.",
    )


class AgreedPositionForm(forms.ModelForm):
    """The school's agreed position on one question, after reading everyone's answers."""

    current_practice = text_field("Agreed Current Practice", rows=4)
    points_for_action = text_field("Agreed Points for Action", rows=4)
    rating = rating_field(
        "Agreed rating",
        required=True,
        error_messages={
            "required": "Choose a rating (in place, partly in place or not yet), so that this audit can be compared "
            "with the next one."
        },
    )

    class Meta:
        model = AgreedPosition
        fields = ["current_practice", "points_for_action", "rating"]
