"""Shared fixtures: the seeded reading room, editors and readers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches

from desk.starter import starter_sources_load
from pagecache.http import CACHE_ALIAS
from tests.factories import UserFactory

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with an empty public-page cache.

    Stamps are rolled back with each test's transaction, so two tests could otherwise share
    a cache key; in production stamps only move forward.
    """
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def seeded(db):
    """The five seed articles with their outlets and claimants, loaded as `make run` does."""
    return starter_sources_load()


def staff_in(group: str, *, username: str):
    """A staff user in one of the role groups (articles/roles.py)."""
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return staff_in("Editors", username="editor-one")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def desk(db):
    """A member of the Desk group: loads articles and corrects texts and sentences."""
    return staff_in("Desk", username="desk-one")


@pytest.fixture
def desk_client(client, desk):
    client.force_login(desk)
    return client


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded originals go to a temporary MEDIA_ROOT, never the checkout's media/ (every
    test: an admin upload stores its original whether or not the test asks for the path)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reader(db):
    """A signed-in user who is not an editor."""
    return UserFactory(username="reader-one")


@pytest.fixture
def shared_dir() -> Path:
    """../shared/ beside the repository: skipped when absent, required under CI."""
    if not SHARED.is_dir():
        if IN_CI:
            pytest.fail(f"{SHARED} is missing; CI needs it.")
        pytest.skip(f"{SHARED} is not present in this checkout")
    return SHARED
