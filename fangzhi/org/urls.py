from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("committee/", views.CommitteeView.as_view(), name="committee"),
    path(
        "committee/posts/new/",
        views.CommitteePostAssignView.as_view(),
        name="committee_post_assign",
    ),
    path(
        "committee/posts/<int:pk>/end/",
        views.CommitteePostEndView.as_view(),
        name="committee_post_end",
    ),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/new/", views.UnitAddView.as_view(), name="unit_add"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/retire/", views.UnitRetireView.as_view(), name="unit_retire"),
    path("units/<int:pk>/reinstate/", views.UnitReinstateView.as_view(), name="unit_reinstate"),
    path("units/<int:pk>/appoint/", views.SeatAppointView.as_view(), name="seat_appoint"),
    path("seats/<int:pk>/replace/", views.SeatReplaceView.as_view(), name="seat_replace"),
    path("seats/<int:pk>/end/", views.SeatEndView.as_view(), name="seat_end"),
]
