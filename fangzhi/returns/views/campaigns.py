"""Pages: the campaigns (more arrives with the campaign pages)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import path

from fangzhi.core.views import FangzhiListView

from ..models import Campaign


class CampaignListView(FangzhiListView):
    model = Campaign
    template_name = "returns/campaign_list.html"

    def get_queryset(self) -> Any:
        if Campaign.visibility(self.request.user, "view") is None:
            raise PermissionDenied  # outside reviewers have no part in the returns
        return super().get_queryset().select_related("yearbook")


urls = [path("", CampaignListView.as_view(), name="campaign_list")]
