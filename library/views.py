"""The lending library's staff pages. Loans are always found through `Loan.objects.visible_to(user)` and pupils
through `Pupil.objects.visible_to(user)`, so a forged id for another family is a 404."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from accounts.permissions import ActionRequiredMixin
from common import when
from privacy.access_log import LogsRecordViewMixin
from pupils.models import Pupil

from .forms import CatalogueSearchForm, ChoosePupilForm, CopyForm, ItemForm, LendForm, RenewForm, ReturnForm
from .loans import LendingRefused, lend, record_return, renew
from .models import Copy, Item, Loan

LOAN_ROWS = ("copy__item", "parent", "pupil")


class LibraryMixin(ActionRequiredMixin):
    """SENCO, staff and the office (who often run the lending) use the library; nobody else."""

    required_action = "library.lend"

    def loans(self):
        return Loan.objects.visible_to(self.request.user).select_related(*LOAN_ROWS)


class CatalogueView(LibraryMixin, ListView):
    template_name = "library/catalogue.html"
    context_object_name = "items"

    @cached_property
    def search(self) -> CatalogueSearchForm:
        return CatalogueSearchForm(self.request.GET or None)

    def get_queryset(self):
        items = Item.objects.with_availability()
        if self.search.is_valid():
            items = items.matching(self.search.cleaned_data["q"])
            if self.search.cleaned_data["need"]:
                items = items.filter(need=self.search.cleaned_data["need"])
        return items

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, searching=bool(self.request.GET), **kwargs)


class ItemAddView(LibraryMixin, CreateView):
    model = Item
    form_class = ItemForm
    template_name = "library/item_form.html"

    def form_valid(self, form):
        item = form.save()
        messages.success(self.request, f"“{item.title}” is in the catalogue. Add its copies next.")
        return redirect("library:item_detail", item.pk)


class ItemEditView(LibraryMixin, UpdateView):
    model = Item
    form_class = ItemForm
    template_name = "library/item_form.html"

    def form_valid(self, form):
        item = form.save()
        messages.success(self.request, "Changes saved.")
        return redirect("library:item_detail", item.pk)


class ItemDetailView(LibraryMixin, DetailView):
    """An item's copies, who has each and until when (names only of families the person may see), and its loans."""

    model = Item
    template_name = "library/item_detail.html"

    def get_context_data(self, **kwargs):
        item = self.object
        open_loans = {loan.copy_id: loan for loan in Loan.objects.out().filter(copy__item=item)}
        visible = {loan.pk: loan for loan in self.loans().filter(copy__item=item)}
        copies = list(item.copies.all())
        for copy in copies:
            loan = open_loans.get(copy.pk)
            copy.open_loan = loan
            copy.open_loan_shown = visible.get(loan.pk) if loan else None
        return super().get_context_data(
            copies=copies,
            history=[loan for loan in visible.values() if not loan.is_out],
            today=timezone.localdate(),
            **kwargs,
        )


class CopyAddView(LibraryMixin, CreateView):
    model = Copy
    form_class = CopyForm
    template_name = "library/copy_form.html"

    @cached_property
    def item(self) -> Item:
        return get_object_or_404(Item, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)

    def form_valid(self, form):
        copy = form.save(commit=False)
        copy.item = self.item
        copy.save()
        messages.success(self.request, f"Copy {copy.label} added.")
        return redirect("library:item_detail", self.item.pk)


class CopyEditView(LibraryMixin, UpdateView):
    """Change a copy's label or condition, or withdraw it (lost, worn out, given away)."""

    model = Copy
    form_class = CopyForm
    template_name = "library/copy_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.object.item, **kwargs)

    def form_valid(self, form):
        copy = form.save()
        messages.success(self.request, f"Copy {copy.label} saved.")
        return redirect("library:item_detail", copy.item_id)


class LendView(LibraryMixin, FormView):
    """Lend a copy: first choose the child (on the register, among those the person may see), then which of
    their parents or carers takes it home, and the due-back date."""

    form_class = LendForm
    template_name = "library/lend.html"

    @cached_property
    def copy(self) -> Copy:
        return get_object_or_404(Copy.objects.select_related("item"), pk=self.kwargs["pk"])

    def pupils(self):
        return Pupil.objects.visible_to(self.request.user).on_register()

    @cached_property
    def pupil(self) -> Pupil | None:
        chosen = self.request.POST.get("pupil") or self.request.GET.get("pupil")
        if not chosen:
            return None
        if not chosen.isdigit():
            return get_object_or_404(Pupil.objects.none())
        return get_object_or_404(self.pupils(), pk=chosen)

    def get(self, request, *args, **kwargs):
        if self.copy.withdrawn or self.copy.loans.out().exists():
            state = "has been withdrawn" if self.copy.withdrawn else "is already out on loan"
            messages.error(request, f"Copy {self.copy.label} {state}: it cannot be lent now.")
            return redirect("library:item_detail", self.copy.item_id)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.pupil is None:
            return redirect("library:lend", self.copy.pk)
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.pupil is None:
            return ChoosePupilForm(pupils=self.pupils())
        return LendForm(**self.get_form_kwargs(), pupil=self.pupil, loan_days=self.copy.item.loan_days)

    def get_context_data(self, **kwargs):
        return super().get_context_data(copy=self.copy, item=self.copy.item, pupil=self.pupil, **kwargs)

    def form_valid(self, form):
        try:
            loan = lend(
                self.copy,
                form.cleaned_data["parent"],
                self.pupil,
                by=self.request.user,
                due_back_on=form.cleaned_data["due_back_on"],
            )
        except LendingRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Copy {loan.copy.label} lent to {loan.parent.full_name}, due back on {when.day(loan.due_back_on)}.",
        )
        return redirect("library:item_detail", self.copy.item_id)


class LoanActionMixin(LibraryMixin):
    """Renewing or returning one loan, found among the loans the person may see."""

    template_name = "library/loan_action.html"

    @cached_property
    def loan(self) -> Loan:
        return get_object_or_404(self.loans(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if not self.loan.is_out:
            messages.info(request, f"Copy {self.loan.copy.label} was returned on {when.date(self.loan.returned_on)}.")
            return redirect("library:item_detail", self.loan.copy.item_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(loan=self.loan, action=self.action, today=timezone.localdate(), **kwargs)

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data)
        except LendingRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        return redirect("library:item_detail", self.loan.copy.item_id)


class ReturnView(LoanActionMixin, FormView):
    form_class = ReturnForm
    action = "return"

    def get_initial(self):
        return {"returned_on": timezone.localdate()}

    def act(self, data):
        record_return(self.loan, by=self.request.user, returned_on=data["returned_on"])
        messages.success(self.request, f"Copy {self.loan.copy.label} is back. It can be lent again.")


class RenewView(LoanActionMixin, FormView):
    form_class = RenewForm
    action = "renew"

    def get_initial(self):
        today, days = timezone.localdate(), timedelta(days=self.loan.copy.item.loan_days)
        return {"due_back_on": max(today, self.loan.due_back_on) + days}

    def act(self, data):
        loan = renew(self.loan, data["due_back_on"], by=self.request.user)
        messages.success(self.request, f"Copy {loan.copy.label} is now due back on {when.day(loan.due_back_on)}.")


class LoansView(LibraryMixin, ListView):
    """Everything out now, soonest due first: so the overdue loans come first, marked."""

    template_name = "library/loans.html"
    context_object_name = "loans"

    def get_queryset(self):
        return self.loans().out().order_by("due_back_on", "pk")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(today=today, overdue_count=self.loans().overdue(today).count(), **kwargs)


class PupilLoansView(LogsRecordViewMixin, LibraryMixin, ListView):
    """What a family has borrowed for one child, now and before."""

    access_log_what = "loans from the lending library"
    template_name = "library/pupil_loans.html"
    context_object_name = "loans"

    def get_pupil(self) -> Pupil:
        if not hasattr(self, "_pupil"):
            self._pupil = get_object_or_404(Pupil.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._pupil

    def get_queryset(self):
        out_first = F("returned_on").desc(nulls_first=True)
        return self.loans().filter(pupil=self.get_pupil()).order_by(out_first, "-lent_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(pupil=self.get_pupil(), today=timezone.localdate(), **kwargs)
