from django.urls import path
from django.views.generic import RedirectView

from .views import approvals, families, importing, portal_access, records, register

app_name = "pupils"

urlpatterns = [
    # The SEND register (SENCO and staff)
    path("", register.RegisterView.as_view(), name="register"),
    path("export.csv", register.RegisterExportView.as_view(), name="register_export"),
    # The import is the MIS import now (mis:upload); the old address still leads there, for bookmarks.
    path("import/", RedirectView.as_view(pattern_name="mis:upload"), name="import"),
    path("import/example.csv", importing.RegisterImportTemplateView.as_view(), name="import_template"),
    path("add/", records.PupilCreateView.as_view(), name="pupil_add"),
    # One pupil's record
    path("<int:pk>/", records.PupilDetailView.as_view(), name="pupil_detail"),
    path("<int:pk>/edit/", records.PupilUpdateView.as_view(), name="pupil_edit"),
    path("<int:pk>/remove/", records.PupilRemoveView.as_view(), name="pupil_remove"),
    path("<int:pk>/return/", records.PupilReturnView.as_view(), name="pupil_return"),
    path("<int:pk>/history/", records.PupilHistoryView.as_view(), name="pupil_history"),
    path("<int:pk>/profile/edit/", records.ProfileUpdateView.as_view(), name="profile_edit"),
    path("<int:pk>/profile/print/", records.ProfilePrintView.as_view(), name="profile_print"),
    path("<int:pk>/professionals/add/", records.ProfessionalCreateView.as_view(), name="professional_add"),
    path("professionals/<int:pk>/edit/", records.ProfessionalUpdateView.as_view(), name="professional_edit"),
    # Families: contact details (office and SENCO), without SEN detail
    path("families/", families.FamilyListView.as_view(), name="families"),
    path("families/<int:pk>/", families.FamilyDetailView.as_view(), name="family_detail"),
    path("families/<int:pk>/parents/add/", families.ParentCreateView.as_view(), name="parent_add"),
    path("families/<int:pk>/parents/link/", families.ParentLinkView.as_view(), name="parent_link"),
    path("parents/<int:pk>/edit/", families.ParentUpdateView.as_view(), name="parent_edit"),
    # Parental responsibility and first portal invitations entered by others wait for the SENCO
    path("families/requests/", approvals.RequestListView.as_view(), name="responsibility_requests"),
    path(
        "families/requests/<int:pk>/approve/",
        approvals.RequestDecisionView.as_view(approve=True),
        name="responsibility_approve",
    ),
    path(
        "families/requests/<int:pk>/refuse/",
        approvals.RequestDecisionView.as_view(approve=False),
        name="responsibility_refuse",
    ),
    # Portal access: parents and carers (office and SENCO), a young person past compulsory school age (SENCO)
    path(
        "families/<int:pk>/parents/<int:parent_pk>/portal/invite/",
        portal_access.ParentInviteView.as_view(),
        name="portal_invite",
    ),
    path(
        "families/<int:pk>/parents/<int:parent_pk>/portal/revoke/",
        portal_access.ParentRevokeView.as_view(),
        name="portal_revoke",
    ),
    path(
        "families/<int:pk>/young-person/invite/",
        portal_access.YoungPersonInviteView.as_view(),
        name="young_person_invite",
    ),
    path(
        "families/<int:pk>/young-person/revoke/",
        portal_access.YoungPersonRevokeView.as_view(),
        name="young_person_revoke",
    ),
    path(
        "families/<int:pk>/young-person/parents/",
        portal_access.ParentsAgreementView.as_view(),
        name="parents_agreement",
    ),
    # Anonymous figures (head, governors, SENCO) and the family landing page
    path("figures/", families.FiguresView.as_view(), name="figures"),
]
