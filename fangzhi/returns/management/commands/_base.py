"""What the returns batch commands share with the works ones: the acting user (``--as``),
Chinese messages, a ``CommandError`` (exit status 1) for a refusal; and the campaign."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fangzhi.accounts.models import User
from fangzhi.core.views.base import sees_everything
from fangzhi.returns.models import Campaign
from fangzhi.works.management.commands._base import WorksCommand


class ReturnsCommand(WorksCommand):
    def campaign(self, pk: int, user: User) -> Campaign:
        """The campaign if the acting user may see it; a unit's people are told they lack
        permission whether or not it exists (as on the pages)."""
        campaign = Campaign.objects.visible_to(user).filter(pk=pk).first()
        if campaign is not None:
            return campaign
        if sees_everything(Campaign, user, "view"):
            raise CommandError(
                _("There are no annual returns with the number %(pk)d.") % {"pk": pk}
            )
        raise CommandError(_("You do not have permission to do this."))
