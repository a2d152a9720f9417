"""Create an office administrator: how a real installation gets its first account."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fangzhi.accounts.models import User
from fangzhi.accounts.roles import Role


class Command(BaseCommand):
    help = "Create an office administrator account (role office_admin)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, username: str, full_name: str, email: str, **options: Any) -> None:
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"User {username!r} already exists.")
        password = os.environ.get("FANGZHI_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        user = User(
            username=username,
            full_name=full_name.strip(),
            email=email,
            role=Role.OFFICE_ADMIN,
            is_staff=True,
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user.set_password(password)
        with transaction.atomic():
            user.save()
        self.stdout.write(self.style.SUCCESS(f"Office administrator {username} created."))
