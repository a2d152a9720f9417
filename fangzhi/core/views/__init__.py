from .base import (
    FangzhiDetailView,
    FangzhiListView,
    ServiceFormView,
    VisibleMixin,
    sees_everything,
    visible_object,
)

__all__ = [
    "FangzhiDetailView",
    "FangzhiListView",
    "ServiceFormView",
    "VisibleMixin",
    "sees_everything",
    "visible_object",
]
