"""django-auditlog's action names ship without a Chinese translation.

Naming them here puts them into this app's catalogue; Django merges catalogues, so
``LogEntry.get_action_display()`` then reads 新建/修改/删除/查阅 everywhere.
"""

from django.utils.translation import gettext_noop

ACTION_NAMES = [gettext_noop("create"), gettext_noop("update"), gettext_noop("delete")]
ACTION_NAMES += [gettext_noop("access")]
