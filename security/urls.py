from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("code/", views.CodeView.as_view(), name="code"),
    path("set-up/", views.SetUpView.as_view(), name="set_up"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("recovery-codes/new/", views.NewRecoveryCodesView.as_view(), name="new_recovery_codes"),
    path("turn-off/", views.TurnOffView.as_view(), name="turn_off"),
]
