"""Forms of the parents' questionnaire: setting it up, sending links, and the answers (portal, link or paper)."""

from datetime import date

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from common.text import long_text_input
from pupils.forms import DateInput
from pupils.models import ParentCarer, PupilParent

from . import questionnaire as rules
from .models import Audit, AuditQuestion, ParentAnswerChoice, ParentQuestionnaire


class SetUpForm(forms.Form):
    questions = forms.ModelMultipleChoiceField(
        label="Questions for parents",
        queryset=AuditQuestion.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose at least one question for parents."},
    )
    introduction = long_text_input(
        label="Introduction",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="Parents read this first. Say why you ask, how long it takes, and that they can answer without "
        "giving their name.",
    )
    closes_on = forms.DateField(label="Answers wanted by", widget=DateInput(), help_text="The closing date.")

    def __init__(self, *args, audit: Audit, questionnaire: ParentQuestionnaire | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        # The audit's questions, and any chosen before the audit's scope changed (so they can be taken off).
        chosen = Q(pk__in=questionnaire.questions.values("pk")) if questionnaire else Q(pk__in=[])
        self.fields["questions"].queryset = (
            AuditQuestion.objects.filter(Q(pk__in=audit.questions_in_scope().values("pk")) | chosen)
            .select_related("section")
            .order_by("section__number", "number")
        )

    def clean_closes_on(self) -> date:
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError("The closing date cannot be in the past.")
        return closes_on

    def clean_questions(self):
        questions = self.cleaned_data["questions"]
        if self.questionnaire is not None:
            kept = {question.pk for question in questions}
            answered = rules.answered_question_ids(self.questionnaire) - kept
            if answered:
                references = ", ".join(
                    question.reference
                    for question in AuditQuestion.objects.filter(pk__in=answered).select_related("section")
                )
                stays, them = ("it stays", "it") if len(answered) == 1 else ("they stay", "them")
                raise forms.ValidationError(
                    f"Parents have already answered {references}, so {stays} on the questionnaire. Tick {them} again."
                )
        return questions


class SendLinksForm(forms.Form):
    EVERYONE, CHOSEN = "everyone", "chosen"

    who = forms.ChoiceField(label="Send a link to", widget=forms.RadioSelect)
    parents = forms.ModelMultipleChoiceField(
        label="Parents and carers",
        queryset=ParentCarer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only parents and carers with an email address and a child on the SEND register are listed.",
    )

    def __init__(self, *args, questionnaire: ParentQuestionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.everyone = rules.default_link_recipients(questionnaire)
        self.everyone_count = self.everyone.count()
        self.fields["who"].choices = [
            (
                self.EVERYONE,
                f"Every parent with an email who has a child on the SEND register and no portal account "
                f"({self.everyone_count}, leaving out anyone who has replied or has a link already)",
            ),
            (self.CHOSEN, "Only the parents I tick below"),
        ]
        self.fields["who"].initial = self.EVERYONE
        children = PupilParent.objects.filter(pupil__removed_from_register_on__isnull=True).select_related("pupil")
        self.fields["parents"].queryset = (
            rules.parents_on_register()
            .exclude(email="")
            .annotate(
                in_portal=Exists(rules.portal_parents().filter(pk=OuterRef("pk"))),
                has_link=Exists(questionnaire.links.filter(parent=OuterRef("pk"))),
            )
            .prefetch_related(Prefetch("pupil_links", queryset=children, to_attr="children_on_register"))
        )
        self.fields["parents"].label_from_instance = self.parent_label

    @staticmethod
    def parent_label(parent: ParentCarer) -> str:
        children = ", ".join(link.pupil.first_name for link in parent.children_on_register)
        notes = [note for note, yes in (("uses the portal", parent.in_portal), ("sent a link", parent.has_link)) if yes]
        return f"{parent.full_name}, parent of {children}" + (f" ({'; '.join(notes)})" if notes else "")

    def clean(self):
        data = super().clean()
        if data.get("who") == self.CHOSEN and not data.get("parents"):
            self.add_error("parents", "Tick at least one parent or carer.")
        if data.get("who") == self.EVERYONE and not self.everyone_count:
            self.add_error("who", "Nobody is left to send a link to: choose parents by hand.")
        return data

    def chosen(self):
        if self.cleaned_data["who"] == self.EVERYONE:
            return list(self.everyone.order_by("last_name", "first_name"))
        return list(self.cleaned_data["parents"])


class AnswerForm(forms.Form):
    """The questions in their parent wording, each with Yes / Sometimes / No / Not sure and a comment box."""

    anonymous = forms.BooleanField(
        label="Do not put my name on my answers",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "aria-describedby": "id_anonymous_help"}),
        help_text="The school will see your answers but not who gave them.",
    )

    def __init__(self, *args, questions: list[AuditQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"answer_{question.pk}"] = forms.ChoiceField(
                label=question.parent_wording or question.text,
                choices=ParentAnswerChoice.choices,
                widget=forms.RadioSelect(attrs={"class": "questionnaire-radio"}),
                required=False,
            )
            self.fields[f"comment_{question.pk}"] = long_text_input(
                label="Anything you would like to add? (you can leave this empty)",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                max_length=2000,
                required=False,
            )
        self.order_fields([*self.fields.keys() - {"anonymous"}, "anonymous"])

    def items(self) -> list[tuple[AuditQuestion, forms.BoundField, forms.BoundField]]:
        """Each question with its answer and comment fields, for the template."""
        return [(q, self[f"answer_{q.pk}"], self[f"comment_{q.pk}"]) for q in self.questions]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"answer_{q.pk}") or data.get(f"comment_{q.pk}", "").strip() for q in self.questions):
            raise forms.ValidationError("Please answer at least one question before you send your answers.")
        return data

    def answers(self) -> dict[int, rules.GivenAnswer]:
        data = self.cleaned_data
        return {q.pk: rules.GivenAnswer(data[f"answer_{q.pk}"], data[f"comment_{q.pk}"]) for q in self.questions}


class PaperReplyForm(AnswerForm):
    """A reply given on paper, typed in by the office or the SENCO."""

    parent = forms.ModelChoiceField(
        label="Who gave this reply?",
        queryset=ParentCarer.objects.none(),
        required=False,
        empty_label="No name on the paper (anonymous)",
        help_text="Choosing the parent means they are not asked again.",
    )

    def __init__(self, *args, questionnaire: ParentQuestionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.fields["anonymous"].label = "The parent asked for their name not to be put on their answers"
        self.fields["anonymous"].help_text = "We keep a note that they replied, but not which answers are theirs."
        self.fields["parent"].queryset = rules.parents_on_register().order_by("last_name", "first_name")
        self.order_fields(["parent", "anonymous"])

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent is not None and rules.has_replied(self.questionnaire, parent):
            raise forms.ValidationError(f"{parent.full_name} has already replied. Each parent replies once.")
        return parent
