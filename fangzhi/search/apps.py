from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "fangzhi.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Registers the ``search_index`` and ``search_reindex`` job handlers in every process.
        from . import jobs  # noqa: F401
