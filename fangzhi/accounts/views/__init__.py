from .auth import FangzhiLoginView, FangzhiPasswordChangeView
from .people import (
    PersonCreateView,
    PersonDetailView,
    PersonEditView,
    PersonListView,
    PersonResetPasswordView,
    PersonSetActiveView,
)

__all__ = [
    "FangzhiLoginView",
    "FangzhiPasswordChangeView",
    "PersonCreateView",
    "PersonDetailView",
    "PersonEditView",
    "PersonListView",
    "PersonResetPasswordView",
    "PersonSetActiveView",
]
