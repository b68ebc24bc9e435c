"""WSGI entry point: `gunicorn newsroom.wsgi` is production.

No development defaults here: the settings refuse to start without DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS unless DJANGO_DEBUG is set on purpose.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()
