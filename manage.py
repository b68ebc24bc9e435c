#!/usr/bin/env python
"""Django's command-line utility for the Reading Room.

In a checkout, `python manage.py …` runs with development defaults (DJANGO_DEBUG=1: a
development key, local hosts), as the README writes the commands. Given a production
environment (DJANGO_SECRET_KEY set), it runs as production, like gunicorn does; an explicit
DJANGO_DEBUG always wins.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0" if os.environ.get("DJANGO_SECRET_KEY") else "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
