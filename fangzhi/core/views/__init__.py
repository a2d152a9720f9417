from .base import (
    FangzhiDetailView,
    FangzhiListView,
    ServiceFormView,
    VisibleMixin,
    sees_everything,
    visible_object,
)
from .files import attachment

__all__ = [
    "FangzhiDetailView",
    "FangzhiListView",
    "ServiceFormView",
    "VisibleMixin",
    "attachment",
    "sees_everything",
    "visible_object",
]
