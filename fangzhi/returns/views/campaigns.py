"""Pages: the campaigns (more arrives with the campaign pages)."""

from __future__ import annotations

from typing import Any

from django.urls import path

from fangzhi.core.views import FangzhiListView

from ..models import Campaign


class CampaignListView(FangzhiListView):
    model = Campaign
    template_name = "returns/campaign_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("yearbook")


urls = [path("", CampaignListView.as_view(), name="campaign_list")]
