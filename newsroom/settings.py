"""Settings for the Reading Room, read from the environment.

Where it runs decides the defaults: `manage.py` in a checkout turns DJANGO_DEBUG on unless a
production environment is given (see manage.py), so the README's commands just work; what
gunicorn starts (newsroom.wsgi) is production, and production refuses to start without
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, saying which is missing, rather than run on a
known key or answer every request 400.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# Where readers reach the site. Every absolute URL (permalinks, JSON-LD ids, the timeline
# export) is built from it, never from the request's Host header, and a request naming
# another port is refused (pagecache/origin.py).
PUBLIC_ORIGIN = os.environ.get("DJANGO_PUBLIC_ORIGIN", "")
if not DEBUG:
    _missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
            ("DJANGO_PUBLIC_ORIGIN", PUBLIC_ORIGIN),
        )
        if not value
    ]
    if _missing:
        _named = " and ".join(filter(None, [", ".join(_missing[:-1]), _missing[-1]]))
        raise ImproperlyConfigured(
            f"{_named} "
            f"{'is' if len(_missing) == 1 else 'are'} not set; "
            "production (DJANGO_DEBUG off) needs all three: DJANGO_SECRET_KEY a long random "
            "value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "DJANGO_ALLOWED_HOSTS the comma-separated host names the site answers to, "
            "DJANGO_PUBLIC_ORIGIN the scheme, host and port readers use "
            "(https://reading-room.example.org). "
            "For local development use manage.py in a checkout (it sets DJANGO_DEBUG=1), "
            "or set DJANGO_DEBUG=1."
        )
SECRET_KEY = SECRET_KEY or "django-insecure-development-only-never-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
PUBLIC_ORIGIN = PUBLIC_ORIGIN or "http://127.0.0.1:8000"  # `make run`'s address
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "csp",
    "axes",
    # Our apps, lowest layer first: each may import those above it in this list, never
    # those below (tests/test_layers.py holds them to it).
    "pagecache",
    "articles",
    "notes",
    "timeline",
    # Read notes and the timeline, which never import them; neither imports the other.
    "editorial",
    "search",
    "desk",
    "audit",  # on top: listens to every write, imported by none
    "backups",  # backup, restore, export_newsroom, import_newsroom
]

MIDDLEWARE = [
    # First: a Host naming another port than the public origin's never reaches a view.
    "pagecache.origin.PublicOriginMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise right after SecurityMiddleware, as its docs require.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who is writing and from where, for the audit trail of the request's writes.
    "audit.context.AuditOriginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its plain refusal page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.choices",
                "pagecache.origin.origin_context",
            ],
            # template-partials is registered by hand (SimpleAppConfig) so that the
            # loaders stay explicit: {% partialdef %} is then a builtin everywhere.
            "builtins": ["template_partials.templatetags.partials"],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

# SQLite is the embedded default (a file git ignores); PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=env_flag("DJANGO_CONN_HEALTH_CHECKS", default=True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write to one file. A deferred transaction that reads, then
    # writes (every save checks a version first) cannot wait for the lock: SQLite answers
    # "database is locked" at once. IMMEDIATE takes the write lock when the transaction
    # begins, where the busy timeout does wait; WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A page's queries are index lookups of a few milliseconds. A parallel plan starts worker
    # processes first, which cost more than they save: at 10,000 articles the search's
    # ranking query took 17 ms with one worker and 5 ms without (EXPLAIN ANALYZE).
    # Maintenance (CREATE INDEX, VACUUM) keeps its own parallel setting.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(
        filter(None, [options.get("options", ""), "-c max_parallel_workers_per_gather=0"])
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes) on /accounts/login/ and /admin/login/ alike: after
# AXES_FAILURE_LIMIT wrong passwords for one username, or from one address, sign-in is refused
# for the cool-off, even with the right password. `manage.py axes_reset` (or
# axes_reset_username NAME / axes_reset_ip ADDRESS) unlocks at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one alone locks
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's address is REMOTE_ADDR; behind a proxy that sets X-Forwarded-For, name it.
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(env_list("DJANGO_CLIENT_IP_HEADERS", "REMOTE_ADDR"))

# Sessions live in the database (Django's default, said here on purpose): every app server
# behind a load balancer then knows every signed-in editor, whichever server they land on.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:index"
LOGOUT_REDIRECT_URL = "articles:index"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# In development WhiteNoise serves straight from the finders, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded article files are evidence; the admin refuses anything larger than this.
ARTICLE_MAX_BYTES = 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * ARTICLE_MAX_BYTES

# --- Public page cache ----------------------------------------------------------------
# Anonymous readers' pages are cached per process (no extra service to run) and keyed on
# content stamps read from the database on every request, so a published change is seen by
# the very next reader in every worker (articles/freshness.py). Entries are bounded in number
# and size to keep a worker's memory flat.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "public_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 400, "CULL_FREQUENCY": 4},
    },
}
PUBLIC_PAGE_CACHE = env_flag("DJANGO_PUBLIC_PAGE_CACHE", default=True)
PUBLIC_PAGE_CACHE_MAX_BYTES = 2 * 1024 * 1024  # before compression (see freshness)
# Part of every ETag, so a deployment that changes the markup never answers 304 to a page
# cached before it; empty means "derive it from the deployed code and templates".
RELEASE = os.environ.get("DJANGO_RELEASE", "")
# Mounts /_bench/hello, the no-database, no-template baseline `make bench` compares against.
BENCH = env_flag("DJANGO_BENCH")

# --- Security -------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("DJANGO_BEHIND_TLS_PROXY") else None
)
SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused token on a note save re-renders the form with the editor's text and a fresh
# token (also under DEBUG, where Django's own page would replace the form).
CSRF_FAILURE_VIEW = "notes.session_refusals.csrf_failure"

# A strict Content Security Policy from the first commit: no inline script or style,
# no eval. htmx is configured for it in _base.html (allowEval off, no injected styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
