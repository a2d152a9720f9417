"""Pages: the list of works (more arrives with the works pages)."""

from __future__ import annotations

from django.urls import path

from fangzhi.core.views import FangzhiListView

from ..models import Work


class WorkListView(FangzhiListView):
    model = Work
    template_name = "works/work_list.html"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().select_related("compiler")


urls = [path("", WorkListView.as_view(), name="work_list")]
