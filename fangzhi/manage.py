"""The ``fangzhi`` command: Django's manage.py under the project's own name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangzhi.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # Django command names cannot contain "-": ``fangzhi import-text`` is ``import_text``.
    if len(argv) > 1 and argv[1] == "import-text":
        argv[1] = "import_text"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
