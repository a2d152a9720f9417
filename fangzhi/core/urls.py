from django.urls import path

from .views import dashboard, jobs

app_name = "core"

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path("jobs/start/system-check/", jobs.SystemCheckStartView.as_view(), name="job_system_check"),
]
