from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.FangzhiLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.FangzhiPasswordChangeView.as_view(), name="password_change"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path(
        "people/<int:pk>/reset-password/",
        views.PersonResetPasswordView.as_view(),
        name="person_reset_password",
    ),
    path("people/<int:pk>/active/", views.PersonSetActiveView.as_view(), name="person_set_active"),
]
