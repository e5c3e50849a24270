from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "SENCO Portal administration"
admin.site.site_title = "SENCO Portal"

urlpatterns = [
    path("", include("accounts.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("two-step/", include("security.urls")),
    path("pupils/", include("pupils.urls")),
    path("meetings/", include("meetings.urls")),
    path("notices/", include("notices.urls")),
    path("documents/", include("documents.urls")),
    path("booking/", include("booking.urls")),
    path("family/", include("portal.urls")),
    path("audits/", include("audits.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
]
