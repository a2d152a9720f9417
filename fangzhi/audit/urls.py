from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditLogView.as_view(), name="log"),
    path("<int:pk>/", views.AuditEntryView.as_view(), name="entry"),
    path("export/", views.AuditExportView.as_view(), name="export"),
]
