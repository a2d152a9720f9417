from django.urls import path

from .views import dashboard, jobs, notifications

app_name = "core"

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path("jobs/start/system-check/", jobs.SystemCheckStartView.as_view(), name="job_system_check"),
    path(
        "notifications/",
        notifications.NotificationListView.as_view(),
        name="notification_list",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
]
