"""The role groups: made by migrations, restored after every migrate or test flush."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from desk.roles import ROLE_PERMISSIONS, roles_ensure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(ROLE_PERMISSIONS))
def test_each_role_group_holds_exactly_its_listed_permissions(name):
    expected = {
        f"{label}.{codename}"
        for label, codenames in ROLE_PERMISSIONS[name].items()
        for codename in codenames
    }
    group = Group.objects.get(name=name)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == expected


def test_roles_ensure_recreates_a_group_that_was_flushed_away():
    Group.objects.filter(name="Editors").delete()
    roles_ensure()
    roles_ensure()  # idempotent
    assert Group.objects.get(name="Editors").permissions.filter(codename="change_note").exists()
