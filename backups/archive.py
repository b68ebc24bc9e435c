"""Backups of the database as it is: SQLite's online backup, or pg_dump/pg_restore.

Both give a consistent copy while the servers keep running and writing: SQLite's backup API
copies the pages under a read lock (never `cp`, which can copy half a write); pg_dump reads
one snapshot. The uploaded originals (MEDIA_ROOT) go beside the database as a tarball.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(RuntimeError):
    """A backup or restore that cannot be done as asked; nothing was changed."""


def default_path(directory: Path, vendor: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if vendor == "sqlite" else ".pgdump"
    return directory / f"reading-room-{stamp}{suffix}"


def media_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".media.tar.gz")


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    """libpq options for the database, with the password in the environment, not argv."""
    db = connections[alias].settings_dict
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed:\n{done.stderr.strip()}")


def database_backup(path: Path, *, alias: str = "default") -> Path:
    """Write a consistent copy of the database to `path` (and the media beside it)."""
    connection = connections[alias]
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)  # the online backup API, one consistent step
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args(alias)
        dump = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path)]
        _run([*dump, *args], env)
    else:
        raise BackupError(f"No backup for the {connection.vendor} database engine.")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        with tarfile.open(media_path(path), "w:gz") as tar:
            tar.add(media, arcname=".")
    return path


def database_restore(path: Path, *, alias: str = "default") -> None:
    """Replace the database's contents with the backup at `path` (and restore its media)."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is not a sound SQLite database.")
            connection.ensure_connection()
            source.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a SQLite backup: {error}") from error
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args(alias)
        connection.close()  # the restore drops and re-creates the tables
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(path),
            ],  # fmt: skip
            env,
        )
    else:
        raise BackupError(f"No restore for the {connection.vendor} database engine.")
    media = media_path(path)
    if media.is_file():
        target = Path(settings.MEDIA_ROOT)
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media) as tar:
            tar.extractall(target, filter="data")  # adds and overwrites; deletes nothing
