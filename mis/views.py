"""The SENCO's import from the MIS: upload, answer what the portal must ask (the text encoding of a CSV file that is
not UTF-8, the columns of a CSV file it does not know), check the preview, apply.

The uploaded file waits as a `PendingImport` (only its uploader can open it) until it is applied or a day has
passed. Applying reads it again and goes ahead only if the preview would be the one the SENCO saw.
"""

import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, View

from accounts.permissions import ActionRequiredMixin
from pupils.models import PupilParent

from . import csv_formats
from .apply import apply_plan
from .ctf import CTFRefused
from .encoding import EncodingQuestion
from .forms import ColumnsForm, EncodingForm, UploadForm
from .importer import DecisionRefused, Decisions, ImportPlan, plan_import
from .models import ColumnMapping, PendingImport
from .reading import ReadFile, read_file

# Long lists in the preview show this many rows, then say how many more.
SHOWN = 200


class UploadView(ActionRequiredMixin, FormView):
    required_action = "register.import"
    template_name = "mis/upload.html"
    form_class = UploadForm

    def form_valid(self, form):
        PendingImport.forget_old()
        upload = form.cleaned_data["file"]
        pending = PendingImport.objects.create(
            token=secrets.token_urlsafe(32),
            uploaded_by=self.request.user,
            file_name=upload.name[:255],
            data=upload.read(),
            partial=form.cleaned_data["partial"],
        )
        return redirect("mis:preview", token=pending.token)


class PendingMixin(ActionRequiredMixin):
    required_action = "register.import"

    def dispatch(self, request, *args, **kwargs):
        # Whether the person may import at all is decided first, as on every page; then whether the upload is theirs.
        if request.user.is_authenticated and request.user.can(self.required_action):
            self.pending = PendingImport.objects.filter(token=kwargs["token"], uploaded_by=request.user).first()
            if self.pending is None:
                messages.error(
                    request, "That upload has been applied, replaced or has expired. Please upload the file again."
                )
                return redirect("mis:upload")
        return super().dispatch(request, *args, **kwargs)

    def read(self) -> ReadFile:
        pending = self.pending
        return read_file(
            bytes(pending.data), encoding=pending.encoding, mapping=pending.mapping, partial=pending.partial
        )

    def show(self, template: str, **context):
        context.setdefault("pending", self.pending)
        return render(self.request, template, context)


class PreviewView(PendingMixin, View):
    def get(self, request, token):
        try:
            read = self.read()
        except EncodingQuestion as question:
            return self.show("mis/encoding.html", question=question, form=EncodingForm(guess=question.guess))
        except csv_formats.NeedsMapping as needs:
            form = ColumnsForm(headings=needs.headings, suggestion=needs.suggestion)
            return self.show("mis/columns.html", headings=needs.headings, form=form)
        except CTFRefused as refused:
            return self.show("mis/preview.html", problems=refused.problems)
        plan = plan_import(read.mis_file, partial=self.pending.partial)
        self.pending.plan_fingerprint = plan.fingerprint()
        self.pending.save(update_fields=["plan_fingerprint"])
        return self.show("mis/preview.html", plan=plan, read=read, problems=plan.problems, **preview_lists(plan))


def preview_lists(plan: ImportPlan) -> dict:
    """The preview's lists, each cut to SHOWN rows; each contact with the names of their children in the file, and
    each possible match with the children they are already the parent or carer of."""
    names = {pupil_plan.upn: pupil_plan.name for pupil_plan in plan.pupils}

    def children(contact) -> str:
        return ", ".join(names.get(child.upn, child.upn) for child in contact.children)

    lists = {
        "new_pupils": plan.new_pupils,
        "changed_pupils": plan.changed_pupils,
        "status_changes": plan.status_changes,
        "leavers": plan.leavers,
        "new_contacts": [(contact, children(contact)) for contact in plan.new_contacts],
        "changed_contacts": plan.changed_contacts,
    }
    context = {name: rows[:SHOWN] for name, rows in lists.items()}
    context["more"] = {name: max(len(rows) - SHOWN, 0) for name, rows in lists.items()}
    known: dict[int, list[str]] = {}
    possibly = [contact.possibly for contact in plan.unsure_contacts]
    for link in PupilParent.objects.filter(parent__in=possibly).select_related("pupil") if possibly else ():
        known.setdefault(link.parent_id, []).append(link.pupil.full_name)
    context["unsure"] = [
        (contact, children(contact), ", ".join(known.get(contact.possibly.pk, []))) for contact in plan.unsure_contacts
    ]
    gone_links = {gone.link.pk: gone for gone in plan.gone}
    context["gone"] = (
        [
            (gone_links[link.pk], link)
            for link in PupilParent.objects.filter(pk__in=gone_links).select_related("pupil", "parent")
        ]
        if gone_links
        else []
    )
    return context


class EncodingView(PendingMixin, View):
    def post(self, request, token):
        try:
            self.read()
        except EncodingQuestion as question:
            form = EncodingForm(request.POST, guess=question.guess)
            if not form.is_valid():
                return self.show("mis/encoding.html", question=question, form=form)
            self.pending.encoding = form.cleaned_data["encoding"]
            self.pending.save(update_fields=["encoding"])
        except (csv_formats.NeedsMapping, CTFRefused):
            pass  # the encoding was not the question: the preview shows what is
        return redirect("mis:preview", token=token)


class ColumnsView(PendingMixin, View):
    def post(self, request, token):
        try:
            self.read()
        except csv_formats.NeedsMapping as needs:
            form = ColumnsForm(request.POST, headings=needs.headings, suggestion=needs.suggestion)
            if not form.is_valid():
                return self.show("mis/columns.html", headings=needs.headings, form=form)
            mapping = form.mapping()
            ColumnMapping.objects.update_or_create(
                headings_key=csv_formats.headings_key(needs.headings),
                defaults={
                    "headings": needs.headings,
                    "mapping": mapping,
                    "saved_by": request.user,
                    "saved_at": timezone.now(),
                },
            )
            self.pending.mapping = mapping
            self.pending.save(update_fields=["mapping"])
        except (EncodingQuestion, CTFRefused):
            pass  # the columns were not the question: the preview shows what is
        return redirect("mis:preview", token=token)


class ApplyView(PendingMixin, View):
    def post(self, request, token):
        preview = reverse("mis:preview", kwargs={"token": token})
        try:
            read = self.read()
        except (EncodingQuestion, csv_formats.NeedsMapping, CTFRefused):
            return redirect(preview)
        plan = plan_import(read.mis_file, partial=self.pending.partial)
        if not plan.ok:
            return redirect(preview)
        if plan.fingerprint() != self.pending.plan_fingerprint:
            messages.warning(
                request,
                "The register changed after you opened the preview (someone edited a pupil or a parent), so "
                "nothing was applied. Here is the preview again, as things are now.",
            )
            return redirect(preview)
        try:
            decisions = decisions_from(request.POST)
            apply_plan(plan, user=request.user, decisions=decisions, reason=f"From the MIS ({self.pending.file_name})")
        except DecisionRefused as refused:
            messages.error(request, f"Nothing was applied: {refused} Please answer the questions on the preview again.")
            return redirect(preview)
        self.pending.delete()
        messages.success(request, applied_message(plan))
        return redirect(reverse("pupils:register") + "?show=school")


def decisions_from(data) -> Decisions:
    """The preview's answers: `same_person_<key>` (a parent's pk, or 'no') and `gone_<link pk>` ('keep' or
    'remove'). Anything else in the form is ignored; a value that is not a number is refused."""
    same_person: dict[str, int] = {}
    remove, keep = set(), set()
    for name, value in data.items():
        if name.startswith("same_person_") and value != "no":
            same_person[name.removeprefix("same_person_")] = _number(value)
        elif name.startswith("gone_"):
            link = _number(name.removeprefix("gone_"))
            if value not in ("keep", "remove"):
                raise DecisionRefused("An answer about a parent no longer in the MIS was neither keep nor remove.")
            (remove if value == "remove" else keep).add(link)
    return Decisions(same_person=same_person, remove_links=frozenset(remove), keep_links=frozenset(keep))


def _number(text: str) -> int:
    if not text.isdigit():
        raise DecisionRefused("One of the answers on the preview was not one it offered.")
    return int(text)


def applied_message(plan: ImportPlan) -> str:
    parts = [f"{count} {label}" for label, count in plan.summary().items() if count]
    if not parts:
        return "The register already matched the file: nothing changed."
    return f"Applied from the MIS: {', '.join(parts)}."
