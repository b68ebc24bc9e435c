"""Create an editor or desk account with a generated password, printed once."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from desk.roles import ROLE_PURPOSES


class Command(BaseCommand):
    help = (
        "Create a staff account in a role and print a generated password: --editor (the "
        "default: writes notes and events), --desk (loads and corrects articles), or both."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--editor", action="store_true", help=f"The Editors role: {ROLE_PURPOSES['Editors']}."
        )
        parser.add_argument(
            "--desk", action="store_true", help=f"The Desk role: {ROLE_PURPOSES['Desk']}."
        )
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
        roles = [name for name, flag in (("Editors", "editor"), ("Desk", "desk")) if options[flag]]
        roles = roles or ["Editors"]
        said = " and ".join(roles)
        user = User.objects.filter(username=username).first()
        if user is not None and not reset:
            if if_missing:
                # An account made by an older `make run` gets the roles it is promised now.
                user.groups.add(*Group.objects.filter(name__in=roles))
                self.stdout.write(
                    f"Sign-in ({said}): user '{username}' exists. Sign in at {site}/accounts/login/"
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
        user.groups.add(*Group.objects.filter(name__in=roles))
        self.stdout.write(
            f"Sign-in for the {said} role{'s' if len(roles) > 1 else ''} (shown once, keep it):\n"
            f"  username: {username}\n  password: {password}\n"
            f"  sign in at {site}/accounts/login/"
        )
