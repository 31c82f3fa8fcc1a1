"""Hallway settings, read from the environment.

Every setting has a default that runs locally with no set-up (SQLite, local-memory cache,
console mail). Production sets ``HALLWAY_SECRET_KEY``, ``HALLWAY_ALLOWED_HOSTS``,
``DATABASE_URL`` and ``REDIS_URL``; see docs/operators.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("HALLWAY_DEBUG", False)
LOCAL_HOSTS = "localhost,127.0.0.1,[::1],testserver"
ALLOWED_HOSTS = env_list("HALLWAY_ALLOWED_HOSTS", LOCAL_HOSTS)
# Production is a site that answers on a real host name: operators must name their hosts in
# HALLWAY_ALLOWED_HOSTS, and with them the secret key. A checkout that only answers on this
# machine (manage.py load_demo, import_site, export_schedule) runs with a fixed
# development key instead, so the commands the README shows need no set-up.
PRODUCTION = not DEBUG and bool(set(ALLOWED_HOSTS) - set(LOCAL_HOSTS.split(",")))
SECRET_KEY = os.environ.get("HALLWAY_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "HALLWAY_SECRET_KEY is required when HALLWAY_ALLOWED_HOSTS names a public host."
        )
    SECRET_KEY = "django-insecure-hallway-local-development-only"

CSRF_TRUSTED_ORIGINS = env_list("HALLWAY_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "hallway.core",
    "hallway.conferences",
    "hallway.program",
    "hallway.people",
    "hallway.content",
    "hallway.companion",
    "hallway.interop",
    "hallway.api",
    "hallway.sitebuild",
    # Feature apps around the programme (issue 12).
    "hallway.visas",
    "hallway.grants",
    # Feature apps around the programme (mounted by hallway.site.addresses).
    "hallway.proposals",
    "hallway.lightning",
    "hallway.sprints",
    "hallway.replays",
    "hallway.speakers",
    "hallway.volunteers",
    "hallway.events",
    # Above the feature apps: tells attendees about their changes (issue 13).
    "hallway.notifications",
    # The site assembly: URLs, navigation, the demo loader.
    "hallway.site",
    # After Hallway's apps, so our account templates override allauth's.
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    # First: a load balancer's health checks answer before host checks and HTTPS redirects, and
    # a body over the limit is refused before anything reads it (hallway/core/health.py,
    # hallway/core/limits.py).
    "hallway.core.health.HealthCheckMiddleware",
    "hallway.core.limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that writes a body: HTML, exports and feeds shrink ~5x on the wire.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hallway.conferences.middleware.ConferenceHostMiddleware",
    # After the host mapping: the visitor's choice, else the conference's language.
    "hallway.conferences.locale.ConferenceLocaleMiddleware",
    # Busy or unavailable database: 503 + Retry-After, short lock waits in requests.
    "hallway.core.faults.DatabaseFaultMiddleware",
    # Last: it needs the session, the CSRF middleware and the conference host mapping.
    "hallway.conferences.page_cache.PublicPageCacheMiddleware",
    # Inside the page cache, so a stored page keeps the policy computed for it (its hashes).
    "hallway.core.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "hallway.urls"
# The URLs of a conference served at / on its own host name (Conference.host).
HALLWAY_HOST_URLCONF = "hallway.urls_host"
WSGI_APPLICATION = "hallway.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hallway.core.context_processors.site",
                "hallway.companion.context_processors.stars",
                # After Django's own CSRF processor: shared cached pages get a placeholder.
                "hallway.conferences.page_cache.csrf_placeholder",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("HALLWAY_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE: a transaction takes the write lock when it begins, so one that reads and then
    # writes waits its turn (up to the timeout) instead of failing with "database is locked"
    # when another writer got in between (three quick stars by a new attendee did).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis going away degrades to the database (misses, no-op writes), never to errors.
            "BACKEND": "hallway.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("HALLWAY_CACHE_PREFIX", "hallway"),
            # A stopped Redis refuses at once; an unreachable host must not hold a request.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    # Sessions are written to the database and read through the cache: a signed-in attendee
    # stays signed in when Redis goes away.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for every page of a 1,000-session conference (Django's default is 300).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work (e-mail, PDFs, imports, schedule pulls) goes through Django's tasks API
# (django-tasks, the backport of Django 6's). The database backend needs nothing else; run
# `python manage.py db_worker` beside the web server. Production may choose the RQ backend
# (HALLWAY_TASKS_BACKEND=django_tasks_rq.RQBackend on Redis, worker `manage.py rqworker
# --job-class django_tasks_rq.Job default`): see docs/operators.md.
TASKS_BACKEND = os.environ.get("HALLWAY_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    TASKS_REDIS_URL = os.environ.get("HALLWAY_TASKS_REDIS_URL", REDIS_URL)
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured(
            "The RQ tasks backend needs HALLWAY_TASKS_REDIS_URL (or REDIS_URL)."
        )
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_rq") + 1, "django_tasks_rq")
    RQ_QUEUES = {
        "default": {
            "URL": TASKS_REDIS_URL,
            # Seconds a task may run before RQ stops it (PDFs and e-mail take well under one).
            "DEFAULT_TIMEOUT": int(os.environ.get("HALLWAY_TASKS_TIMEOUT", "300")),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
SITE_ID = 1
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("HALLWAY_EMAIL_VERIFICATION", "optional")
ACCOUNT_LOGOUT_ON_GET = False
# Account e-mails name the conference (or the install), not the Site row, and go to the tasks API.
ACCOUNT_ADAPTER = "hallway.companion.account_adapter.AccountAdapter"
HALLWAY_SITE_NAME = os.environ.get("HALLWAY_SITE_NAME", "Hallway")

EMAIL_BACKEND = os.environ.get(
    "HALLWAY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("HALLWAY_FROM_EMAIL", "hallway@localhost")

# The interface languages. A conference picks one (Conference.language); a visitor may pick
# another with the switcher in every page's footer (a cookie). One catalog for the whole
# project, hallway/locale/<code>/LC_MESSAGES/django.po, with its compiled .mo committed: see
# CONTRIBUTING.md for how to mark strings and regenerate it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "hallway" / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = os.environ.get("HALLWAY_STATIC_URL", "/static/")
STATIC_ROOT = Path(os.environ.get("HALLWAY_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("HALLWAY_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("HALLWAY_MANIFEST_STATIC", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Production hardening: on unless HALLWAY_DEBUG is set; plain-HTTP local runs can turn the
# HTTPS parts off with HALLWAY_HTTPS=0 (the benchmark and the browser tests do).
HTTPS = env_bool("HALLWAY_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HALLWAY_LOG_LEVEL", "WARNING")},
}

# Where the DjangoCon US 2024 content lives when it is present (tests and load_demo read it).
HALLWAY_SHARED_DATA = Path(
    os.environ.get("HALLWAY_SHARED_DATA", BASE_DIR.parent / "shared" / "data")
)
# Seconds that rendered public pages stay in the cache; the key carries the conference's
# version, so an edit is visible at once whatever this is.
HALLWAY_PAGE_CACHE_SECONDS = int(os.environ.get("HALLWAY_PAGE_CACHE_SECONDS", "86400"))
# How long a worker trusts its memo of a conference's version (hallway/conferences/page_cache.py).
HALLWAY_FAST_PATH_MEMO_SECONDS = float(os.environ.get("HALLWAY_FAST_PATH_MEMO_SECONDS", "1"))
# Public pages shared by signed-in attendees (hallway/conferences/member_pages.py).
HALLWAY_MEMBER_PAGES = env_bool("HALLWAY_MEMBER_PAGES", True)
# Limits on attendees' photo uploads (bytes, and pixels to refuse decompression bombs).
HALLWAY_PHOTO_MAX_BYTES = int(os.environ.get("HALLWAY_PHOTO_MAX_BYTES", 10 * 1024 * 1024))
HALLWAY_PHOTO_MAX_PIXELS = int(os.environ.get("HALLWAY_PHOTO_MAX_PIXELS", 40_000_000))
# Days after a conference's last day that visa requests keep their passport data; then
# `manage.py erase_visa_data` (daily, from cron) erases it and keeps only the decision.
HALLWAY_VISA_RETENTION_DAYS = int(os.environ.get("HALLWAY_VISA_RETENTION_DAYS", "30"))
# The currency of opportunity grants' amounts.
HALLWAY_GRANTS_CURRENCY = os.environ.get("HALLWAY_GRANTS_CURRENCY", "USD")


# --- Faults and hardening (issue 15, item 4; docs/operators.md "Faults and hardening") -------
# Proxy headers are believed only behind a proxy that sets them: anyone can send
# X-Forwarded-Proto to a server that answers directly. X-Forwarded-For is read only by
# allauth's sign-in limits (below); the proxy passes the original Host header.
HALLWAY_TRUST_PROXY = env_bool("HALLWAY_TRUST_PROXY", False)
if HALLWAY_TRUST_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# allauth limits sign-ins per client address. Behind a proxy every request comes from the
# proxy's address, so one shared limit would hold the whole conference at 30 sign-ins a minute:
# read the client from the last X-Forwarded-For entry that the trusted proxies appended.
ALLAUTH_TRUSTED_PROXY_COUNT = int(
    os.environ.get("HALLWAY_TRUSTED_PROXY_COUNT", "1" if HALLWAY_TRUST_PROXY else "0")
)
# How long a web request waits for a database lock before it answers 503 with Retry-After
# (SQLite's busy timeout, PostgreSQL's lock_timeout), and PostgreSQL's statement_timeout for web
# requests. Management commands and the task worker keep the longer defaults.
HALLWAY_DB_LOCK_TIMEOUT = float(os.environ.get("HALLWAY_DB_LOCK_TIMEOUT", "3"))
HALLWAY_DB_STATEMENT_TIMEOUT = float(os.environ.get("HALLWAY_DB_STATEMENT_TIMEOUT", "30"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails in seconds (then 503), not after TCP's minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# Largest request body, refused from its Content-Length before it is read (413). Photos
# (HALLWAY_PHOTO_MAX_BYTES) and their form must fit.
HALLWAY_MAX_REQUEST_BYTES = int(
    os.environ.get("HALLWAY_MAX_REQUEST_BYTES", DATA_UPLOAD_MAX_MEMORY_SIZE)
)
# Content-Security-Policy: extra sources for images (e.g. an object storage host serving
# uploads) and an optional report-uri.
HALLWAY_CSP_IMG_SRC = env_list("HALLWAY_CSP_IMG_SRC")
HALLWAY_CSP_REPORT_URI = os.environ.get("HALLWAY_CSP_REPORT_URI", "")

# Days a speaker's sign-in link works (it also works only once).
HALLWAY_SPEAKER_LINK_DAYS = int(os.environ.get("HALLWAY_SPEAKER_LINK_DAYS", "7"))

# Where the site answers, for links in e-mails the task worker writes without a request (the
# notification digest); a conference with its own host name uses that host instead.
HALLWAY_BASE_URL = os.environ.get("HALLWAY_BASE_URL", "http://localhost:8000").rstrip("/")

# --- Object storage (uploads on any S3-compatible service) ------------------------------------
# Local disk (MEDIA_ROOT) unless HALLWAY_S3_BUCKET is set. Two buckets, never one: public uploads
# (presenter photos, sponsor logos, covers) go to HALLWAY_S3_BUCKET, which the operator may make
# publicly readable (or put behind HALLWAY_S3_CUSTOM_DOMAIN); attendees' private files (photos,
# visa letters) go to HALLWAY_S3_PRIVATE_BUCKET, which must allow no anonymous reads: Hallway
# serves them through its permission-checked views or short-lived signed URLs
# (hallway.core.storage). Locally the "private" storage is MEDIA_ROOT too, under private/,
# which hallway.core.media_urls never serves. See docs/operators.md.
PRIVATE_URL_SECONDS = int(os.environ.get("HALLWAY_PRIVATE_URL_SECONDS", "300"))


def s3_storages(environ) -> dict:
    """The "default" (public) and "private" storages on S3 from HALLWAY_S3_* variables."""
    bucket = environ["HALLWAY_S3_BUCKET"]
    endpoint = environ.get("HALLWAY_S3_ENDPOINT_URL") or None
    common = {
        "endpoint_url": endpoint,
        "access_key": environ.get("HALLWAY_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("HALLWAY_S3_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("HALLWAY_S3_REGION") or None,
        "signature_version": "s3v4",
        # Self-hosted services (SeaweedFS, MinIO, Garage) answer on one host name: path style.
        "addressing_style": environ.get(
            "HALLWAY_S3_ADDRESSING_STYLE", "path" if endpoint else "auto"
        ),
        # A prefix inside both buckets, so several installs (or test workers) can share them.
        "location": environ.get("HALLWAY_S3_LOCATION", ""),
        # Uploads keep their names unique, as on disk: an object is never replaced in place.
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "custom_domain": environ.get("HALLWAY_S3_CUSTOM_DOMAIN") or None,
                # Public objects: plain URLs, cacheable by browsers and CDNs.
                "querystring_auth": False,
                "default_acl": environ.get("HALLWAY_S3_PUBLIC_ACL") or None,
                "object_parameters": {"CacheControl": "public, max-age=86400"},
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": environ.get("HALLWAY_S3_PRIVATE_BUCKET", f"{bucket}-private"),
                "custom_domain": None,
                "querystring_auth": True,
                "querystring_expire": int(environ.get("HALLWAY_PRIVATE_URL_SECONDS", "300")),
                "default_acl": "private",
                "object_parameters": {"CacheControl": "private, max-age=3600"},
            },
        },
    }


if os.environ.get("HALLWAY_S3_BUCKET"):
    STORAGES.update(s3_storages(os.environ))
    # Pages load public uploads from the bucket (or its CDN): the CSP must let them.
    _media = STORAGES["default"]["OPTIONS"]
    HALLWAY_CSP_IMG_SRC = [
        *HALLWAY_CSP_IMG_SRC,
        f"https://{_media['custom_domain']}"
        if _media["custom_domain"]
        else (_media["endpoint_url"] or "https://*.amazonaws.com"),
    ]
else:
    STORAGES["private"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
