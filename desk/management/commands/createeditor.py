"""Create an editor account with a generated password, printed once."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create an editor (member of the Editors group, staff) and print a generated password."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing (but say how to sign in) when the user already exists.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Give an existing editor a new password."
        )
        parser.add_argument(
            "--site",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the sign-in link (make run passes its address).",
        )

    @transaction.atomic
    def handle(
        self, *args, username: str, if_missing: bool, reset: bool, site: str, **options
    ) -> None:
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and not reset:
            if if_missing:
                self.stdout.write(
                    f"Editor sign-in: user '{username}' exists. Sign in at {site}/accounts/login/"
                    " with the password printed when it was created, or get a new one with:\n"
                    f"  .venv/bin/python manage.py createeditor {username} --reset"
                )
                return
            raise CommandError(
                f"User '{username}' already exists (use --reset for a new password)."
            )
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=username)
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(
            "Editor sign-in (shown once, keep it):\n"
            f"  username: {username}\n  password: {password}\n"
            f"  sign in at {site}/accounts/login/"
        )
