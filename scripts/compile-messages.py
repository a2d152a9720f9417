"""Compile every django.po under fangzhi/ to its .mo with polib (no gettext needed).

To collect new strings for an app (needs Debian's gettext):
    cd fangzhi/<app> && ../../.venv/bin/django-admin makemessages -l zh_Hans
For the project-wide templates (fangzhi/templates) the catalogue is fangzhi/locale:
    cd fangzhi && ../.venv/bin/django-admin makemessages -l zh_Hans -i accounts -i org -i core \
        -i works -i returns -i quality -i audit -i api -i text -i static  # fangzhi/templates only
Then translate the msgstr entries and run `make messages`.
"""

from pathlib import Path

import polib

root = Path(__file__).resolve().parent.parent / "fangzhi"
for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/django.po")):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    if missing:
        print(f"{po_path}: {len(missing)} untranslated, e.g. {missing[0]!r}")
    po.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"compiled {po_path.relative_to(root.parent)}")
