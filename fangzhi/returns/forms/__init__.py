"""Forms of the annual returns: they check shape; the services judge the rules."""

from .campaigns import (
    BoardFilterForm,
    CampaignEditForm,
    CampaignNextForm,
    CampaignOpenForm,
    MappingForm,
)

__all__ = [
    "BoardFilterForm",
    "CampaignEditForm",
    "CampaignNextForm",
    "CampaignOpenForm",
    "MappingForm",
]
