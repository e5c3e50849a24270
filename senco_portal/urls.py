from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import PasswordResetView
from documents import record_links
from portal.welcome import welcome
from security import views as security_views

admin.site.site_header = "SENCO Portal administration"
admin.site.site_title = "SENCO Portal"

urlpatterns = [
    path("", include("accounts.urls")),
    # An invitation link to the parents' portal (signed out): choose a password. Emailed links name this address.
    path("welcome/<str:token>/", welcome, name="welcome"),
    # A meeting record emailed to a family without a portal account (signed out): emailed links name this address.
    path("record/<str:token>/", record_links.record_by_link, name="record_link"),
    path("record/<str:token>/record.pdf", record_links.record_pdf_by_link, name="record_link_pdf"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's page, with wrong current passwords counted by the lock-out (security/views.py).
    path("password/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Forgotten password: a link by email, valid for PASSWORD_RESET_TIMEOUT; staff still need their code after it.
    path("password/forgotten/", PasswordResetView.as_view(), name="password_reset"),
    path("password/forgotten/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/forgotten/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/forgotten/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("two-step/", include("security.urls")),
    path("pupils/", include("pupils.urls")),
    path("mis/", include("mis.urls")),  # the school's MIS in (import) and out (a leaver's record)
    path("meetings/", include("meetings.urls")),
    path("notices/", include("notices.urls")),
    path("documents/", include("documents.urls")),
    path("booking/", include("booking.urls")),
    # A family's personal link from a notice, reminder or review-day invitation (signed out): short, for letters too.
    path("r/", include("replies.urls")),
    # The personal link that sends a family their child's plan before its review, to comment on it (signed out).
    path("p/", include("plan_comments.urls")),
    path("family/", include("portal.urls")),
    path("audits/", include("audits.urls")),
    path("", include("overview.urls")),  # pages across every app, under /pupils/ and /privacy/
    path("contacts/", include("contacts.urls")),
    path("events/", include("events.urls")),
    path("library/", include("library.urls")),
    path("support-services/", include("services.urls")),
    path("school/", include("school.urls")),  # the school calendar: term dates and closure days
    path("sen-letters/", include("sen_letters.urls")),  # letters to parents when SEN support starts, changes or ends
    path("plans/", include("support_plans.urls")),  # pupils' SEN support plans: assess, plan, do, review
    path("provision/", include("provision.urls")),  # the provision map: interventions, groups, costs, impact
    path("admin/", admin.site.urls),
    path("health/", include("health.urls")),  # for monitoring: no sign-in, JSON, 503 naming what failed
]
