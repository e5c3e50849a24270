"""The parents' page: what the family has borrowed from the lending library, and when it is due back."""

from django.db.models import Q
from django.utils import timezone
from django.views.generic import TemplateView

from portal.views import FamilyPageMixin

from .models import Loan

RETURNED_SHOWN = 10


class FamilyLoansView(FamilyPageMixin, TemplateView):
    """Loans for the signed-in person's own children, and (for a parent) anything lent to them: never another
    family's."""

    template_name = "library/family_loans.html"

    def get_context_data(self, **kwargs):
        family = Q(pupil__in=self.children())
        if self.parent_record:
            family |= Q(parent=self.parent_record)
        loans = Loan.objects.filter(family).select_related("copy__item", "pupil", "parent")
        return super().get_context_data(
            out=loans.out().order_by("due_back_on", "pk"),
            returned=loans.filter(returned_on__isnull=False).order_by("-returned_on", "-pk")[:RETURNED_SHOWN],
            today=timezone.localdate(),
            **kwargs,
        )
