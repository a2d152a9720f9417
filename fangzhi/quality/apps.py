from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "fangzhi.quality"
    label = "quality"
    verbose_name = _("Quality checks")

    def ready(self) -> None:
        # Registers the ``quality_check`` job handler in every process, not only the worker.
        from . import jobs  # noqa: F401
