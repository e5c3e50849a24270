from django.urls import path

from . import urls_transfer, views

app_name = "mis"

urlpatterns = [
    path("import/", views.UploadView.as_view(), name="upload"),
    path("import/<str:token>/", views.PreviewView.as_view(), name="preview"),
    path("import/<str:token>/encoding/", views.EncodingView.as_view(), name="encoding"),
    path("import/<str:token>/columns/", views.ColumnsView.as_view(), name="columns"),
    path("import/<str:token>/apply/", views.ApplyView.as_view(), name="apply"),
]

# A leaver's record for their next school: /mis/pupils/<pk>/transfer.xml and sen-file.pdf
urlpatterns += urls_transfer.urlpatterns
