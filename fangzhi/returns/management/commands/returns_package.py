"""``fangzhi returns_package <campaign> <unit> -o FILE.zip --as <username>``: a unit's
year of returns as an archive package (归档), written to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fangzhi.org.models import Unit
from fangzhi.returns import services
from fangzhi.returns.services.package import can_package

from ._base import ReturnsCommand


class Command(ReturnsCommand):
    help = (
        "Write a unit's annual returns as an archive package: a ZIP with the forms, every "
        "attachment and a manifest with SHA-256."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("campaign_id", type=int, help="the campaign's number")
        parser.add_argument("unit_id", type=int, help="the reporting unit's number")
        parser.add_argument("-o", "--output", required=True, help="the ZIP file to write")
        self.add_acting_user(parser)

    def handle(
        self, *args: Any, campaign_id: int, unit_id: int, output: str, acting: str, **options: Any
    ) -> None:
        by = self.acting_user(acting)
        campaign = self.campaign(campaign_id, by)
        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None or not can_package(by, unit):
            raise CommandError(_("You do not have permission to do this."))
        if not campaign.reporting_units.filter(unit=unit).exists():
            raise CommandError(_("This unit does not report in this campaign."))
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(
                _("The folder %(path)s does not exist.") % {"path": str(target.parent)}
            )
        data = services.package_bytes(campaign=campaign, unit=unit)
        target.write_bytes(data)
        self.stdout.write(
            _("Written %(path)s (%(size)d bytes).") % {"path": str(target), "size": len(data)}
        )
