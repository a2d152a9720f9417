from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from fangzhi.org.demo import DEMO_PASSWORD, load_demo
from fangzhi.returns.demo import load_returns_demo
from fangzhi.works.demo import load_works_demo


class Command(BaseCommand):
    help = "Load demo data (Banan's committee, 41 member units, their works); safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            accounts = load_demo()
            load_works_demo(accounts)
            load_returns_demo(accounts)
        self.stdout.write(
            self.style.WARNING(
                "Demo data: invented people for demonstrations only. "
                "Do not load it on a real installation."
            )
        )
        self.stdout.write("\nSign in at http://127.0.0.1:8000/ with one of these accounts:\n")
        self.stdout.write(f"  {'role':<14} {'user name':<10} full name")
        for role, user in accounts.items():
            self.stdout.write(f"  {role:<14} {user.username:<10} {user.full_name}")
        self.stdout.write(f"\n  password for all of them: {DEMO_PASSWORD}\n")
