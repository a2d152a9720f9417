"""``fangzhi returns_draft <campaign> --as <username>``: generate the yearbook draft now."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fangzhi.returns import services

from ._base import ReturnsCommand


class Command(ReturnsCommand):
    help = (
        "Generate the yearbook draft from the accepted annual returns now: one new "
        "manuscript version per mapped outline node."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("campaign_id", type=int, help="the campaign's number")
        self.add_acting_user(parser)

    def handle(self, *args: Any, campaign_id: int, acting: str, **options: Any) -> None:
        by = self.acting_user(acting)
        campaign = self.campaign(campaign_id, by)
        versions = services.draft_generate(by=by, campaign=campaign)
        if not versions:
            self.stdout.write(_("No accepted entries for the mapped nodes; nothing was written."))
            return
        for version in versions:
            self.stdout.write(
                _("%(node)s: version %(number)d (%(chars)d characters), /works/nodes/%(pk)d/")
                % {
                    "node": version.node.title,
                    "number": version.number,
                    "chars": version.char_count,
                    "pk": version.node_id,
                }
            )
        self.stdout.write(_("Versions written: %(n)d.") % {"n": len(versions)})
