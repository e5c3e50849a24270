from django.urls import path

from . import family_views, views

app_name = "library"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("items/add/", views.ItemAddView.as_view(), name="item_add"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/copies/add/", views.CopyAddView.as_view(), name="copy_add"),
    path("copies/<int:pk>/edit/", views.CopyEditView.as_view(), name="copy_edit"),
    path("copies/<int:pk>/lend/", views.LendView.as_view(), name="lend"),
    path("loans/", views.LoansView.as_view(), name="loans"),
    path("loans/<int:pk>/return/", views.ReturnView.as_view(), name="return"),
    path("loans/<int:pk>/renew/", views.RenewView.as_view(), name="renew"),
    path("pupil/<int:pk>/", views.PupilLoansView.as_view(), name="pupil_loans"),
    path("borrowed/", family_views.FamilyLoansView.as_view(), name="family_loans"),
]
