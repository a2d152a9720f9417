from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "fangzhi.returns"
    label = "returns"
    verbose_name = _("Annual returns")

    def ready(self) -> None:
        # Registers this app's job handlers in every process, not only in the worker.
        from . import jobs  # noqa: F401
