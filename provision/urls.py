from django.urls import path

from . import report_views, views

app_name = "provision"

urlpatterns = [
    path("", report_views.ProvisionMapView.as_view(), name="map"),
    path("map.csv", report_views.ProvisionMapCsvView.as_view(), name="map_csv"),
    path("impact/", report_views.ImpactView.as_view(), name="impact"),
    path("timetable/", report_views.TimetableView.as_view(), name="timetable"),
    path("interventions/", views.InterventionListView.as_view(), name="interventions"),
    path("interventions/add/", views.InterventionAddView.as_view(), name="intervention_add"),
    path("interventions/<int:pk>/", views.InterventionDetailView.as_view(), name="intervention"),
    path("interventions/<int:pk>/edit/", views.InterventionEditView.as_view(), name="intervention_edit"),
    path("interventions/<int:pk>/groups/add/", views.GroupFormView.as_view(), name="group_add"),
    path("cost-bands/", views.CostBandListView.as_view(), name="cost_bands"),
    path("cost-bands/<int:pk>/edit/", views.CostBandEditView.as_view(), name="cost_band_edit"),
    path("groups/", views.GroupListView.as_view(), name="groups"),
    path("groups/<int:pk>/", views.GroupDetailView.as_view(), name="group"),
    path("groups/<int:group>/edit/", views.GroupFormView.as_view(), name="group_edit"),
    path("groups/<int:pk>/pupils/add/", views.PlacesAddView.as_view(), name="places_add"),
    path("groups/<int:pk>/scores/entry/", views.ScoresView.as_view(), name="entry_scores"),
    path("groups/<int:pk>/scores/exit/", views.ExitScoresView.as_view(), name="exit_scores"),
    path("places/<int:pk>/edit/", views.PlaceEditView.as_view(), name="place_edit"),
]
