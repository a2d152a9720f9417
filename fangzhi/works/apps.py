from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksConfig(AppConfig):
    name = "fangzhi.works"
    label = "works"
    verbose_name = _("Works and their compilation")

    def ready(self) -> None:
        # Registers the job handlers of this app in every process, not only in the worker.
        from . import reminders  # noqa: F401
