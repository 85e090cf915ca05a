"""Awaaz settings: one file, read from the environment.

The embedded defaults (SQLite in WAL mode under var/, local-memory cache, console-free SMTP to
localhost) let a fresh clone run with `make run`. Production (AWAAZ_PRODUCTION=1) refuses to start
without a real secret key and allowed hosts, and turns on HSTS and secure cookies.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from awaaz.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("AWAAZ_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_bool("AWAAZ_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False) and not PRODUCTION
TESTING = env_bool("AWAAZ_TESTING", False)

SECRET_KEY = env_secret("SECRET_KEY", required=PRODUCTION, fallback_file=VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS must name the public host(s) in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "awaaz.core",
    "awaaz.places",
    "awaaz.content",
    "awaaz.movement",
    "awaaz.safety",
    "awaaz.evidence",
    "awaaz.activities",
    "awaaz.stats",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "awaaz.safety.intake_guard.IntakeRequestGuardMiddleware",
    "awaaz.core.middleware.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "awaaz.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "awaaz.core.middleware.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# awaaz.core.middleware.CsrfViewMiddleware is Django's, subclassed (see its docstring); the deploy
# check looks for Django's class by name only. tests/test_security_headers.py and
# awaaz/core/tests/test_csrf.py show the protection working.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "awaaz.urls"
WSGI_APPLICATION = "awaaz.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "awaaz.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL picks the engine (postgres://..., sqlite:///...); the code never branches on it.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'awaaz.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers run while one writer writes; IMMEDIATE avoids upgrade deadlocks.
            # secure_delete overwrites deleted rows, so a shredded report's key envelopes do not
            # linger in the file's free pages.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA secure_delete=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
CACHE_URL = env_str("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Passwords ------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many personas; a real Argon2 hash per persona would dominate the run.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ur", _("Urdu"))]
TIME_ZONE = "Asia/Karachi"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["awaaz.formats"]
# Strings of awaaz/lib (not an app) live in their own catalogue; each app has its own too.
LOCALE_PATHS = [BASE_DIR / "awaaz" / "lib" / "locale"]
LANGUAGE_COOKIE_NAME = "awaaz_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise expects the folder to exist even before collectstatic has filled it.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Awaaz <no-reply@awaaz.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Staff notifications wait in a durable outbox (awaaz.core.outbox); after the commit a daemon
# thread delivers them ("thread"), the tests deliver in the on-commit callback ("inline"), and
# `awaaz outbox_send` (cron) sends whatever is left.
AWAAZ_OUTBOX_WAKE = env_str("AWAAZ_OUTBOX_WAKE", "inline" if TESTING else "thread")

# --- Request limits -------------------------------------------------------------------------
# Bodies larger than this are refused before they are read (RequestGuardMiddleware), with a page
# in the visitor's language. Uploads have their own, per-form limits below this one.
AWAAZ_MAX_REQUEST_BYTES = env_int("AWAAZ_MAX_REQUEST_BYTES", 2 * 1024 * 1024)
# Pages that take photos or scans get a larger limit: (path pattern, bytes). The survivor intake
# has its own (AWAAZ_INTAKE_MAX_REQUEST_BYTES, checked by the safety app's guard).
AWAAZ_UPLOAD_REQUEST_BYTES = env_int("AWAAZ_UPLOAD_REQUEST_BYTES", 16 * 1024 * 1024)
# The closing report's pages take up to 8 photos of up to 15 MB at once: 48 MB holds eight
# 6 MB phone photos (or three at the largest). Its form states this limit; keep nginx's
# client_max_body_size for those pages above it (docs/deployment.md).
AWAAZ_REPORT_UPLOAD_REQUEST_BYTES = env_int("AWAAZ_REPORT_UPLOAD_REQUEST_BYTES", 48 * 1024 * 1024)
AWAAZ_UPLOAD_REQUEST_LIMITS = [
    (r"^/[a-z]{2}/events/[^/]+/report/", AWAAZ_REPORT_UPLOAD_REQUEST_BYTES),
    (r"^/[a-z]{2}/media/new/$", AWAAZ_UPLOAD_REQUEST_BYTES),
    (r"^/[a-z]{2}/media/\d+/edit/$", AWAAZ_UPLOAD_REQUEST_BYTES),
]
DATA_UPLOAD_MAX_MEMORY_SIZE = AWAAZ_MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = AWAAZ_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 63072000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
AWAAZ_BEHIND_PROXY = env_bool("AWAAZ_BEHIND_PROXY", PRODUCTION)
if AWAAZ_BEHIND_PROXY:
    # nginx terminates TLS and says so in this header; trust it only behind a proxy we run.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Pages may load nothing from any host but this one: no CDN, no web font, no analytics.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
    "browsing-topics=()"
)

# --- Logging --------------------------------------------------------------------------------
# Django's request logger names the path and status only; the access log of the web server is
# where addresses would appear, and docs/deployment.md says how to keep them out of it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- SMS ----------------------------------------------------------------------------------
# "file" writes each message to var/sms/ (development and tests); "http" posts it to a provider's
# HTTP API (AWAAZ_SMS_HTTP_URL, with the token from AWAAZ_SMS_HTTP_TOKEN or its _FILE variant).
AWAAZ_SMS_BACKEND = env_str("AWAAZ_SMS_BACKEND", "file")
AWAAZ_SMS_DIR = VAR_DIR / "sms"
AWAAZ_SMS_HTTP_URL = env_str("AWAAZ_SMS_HTTP_URL", "")
AWAAZ_SMS_HTTP_TOKEN = (
    env_secret("AWAAZ_SMS_HTTP_TOKEN", required=PRODUCTION, fallback_file=VAR_DIR / "sms_token")
    if AWAAZ_SMS_BACKEND == "http"
    else ""
)
AWAAZ_SMS_SENDER = env_str("AWAAZ_SMS_SENDER", "AWAAZ")

# --- Movement ---------------------------------------------------------------------------------
# Unconfirmed pledges expire; chapters without activity for this long become dormant.
AWAAZ_PLEDGE_CONFIRM_HOURS = env_int("AWAAZ_PLEDGE_CONFIRM_HOURS", 72)
AWAAZ_CHAPTER_DORMANT_DAYS = env_int("AWAAZ_CHAPTER_DORMANT_DAYS", 120)
# Seconds each process keeps the current pledge text and district look-ups (awaaz.lib.refcache):
# a new pledge text reaches every process within this time; 0 reads the database every time.
AWAAZ_REFERENCE_CACHE_SECONDS = env_int("AWAAZ_REFERENCE_CACHE_SECONDS", 60)
# Pledges allowed per network address per hour (a campus or a mobile operator shares one), and
# the header that carries the visitor's address behind our own proxy. Behind nginx every request
# comes from 127.0.0.1, so without the header the whole country would share one limit: the
# default behind a proxy is X-Real-IP, which docs/deployment.md has nginx set (overwriting what
# a client sends) everywhere but the survivor channel. Addresses only ever feed a keyed,
# daily-salted hash in the cache; the survivor channel never reads them at all.
AWAAZ_PLEDGE_RATE_PER_ADDRESS = env_int("AWAAZ_PLEDGE_RATE_PER_ADDRESS", 120)
AWAAZ_CLIENT_ADDRESS_HEADER = env_str(
    "AWAAZ_CLIENT_ADDRESS_HEADER", "HTTP_X_REAL_IP" if AWAAZ_BEHIND_PROXY else ""
)
# Where links in emails point (the public address of this site).
AWAAZ_PUBLIC_URL = env_str("AWAAZ_PUBLIC_URL", "http://127.0.0.1:8000")

OTP_TOTP_ISSUER = "Awaaz"

# Requests per minute that one client may make to the open-data API (keyed, daily-salted hash).
AWAAZ_API_RATE_PER_MINUTE = env_int("AWAAZ_API_RATE_PER_MINUTE", 1200)

# --- Evidence: the news fetcher ---------------------------------------------------------------
# It names itself with a contact address, waits between requests to one site, and gives up on
# slow or oversized pages; one fetch runs at a time per machine (the lock file).
AWAAZ_FETCH_CONTACT_URL = env_str("AWAAZ_FETCH_CONTACT_URL", AWAAZ_PUBLIC_URL)
AWAAZ_FETCH_TIMEOUT_SECONDS = env_int("AWAAZ_FETCH_TIMEOUT_SECONDS", 15)
AWAAZ_FETCH_MAX_BYTES = env_int("AWAAZ_FETCH_MAX_BYTES", 3 * 1024 * 1024)
AWAAZ_FETCH_HOST_INTERVAL_SECONDS = env_int("AWAAZ_FETCH_HOST_INTERVAL_SECONDS", 2)
AWAAZ_FETCH_LOCK_FILE = Path(env_str("AWAAZ_FETCH_LOCK_FILE", str(VAR_DIR / "evidence_fetch.lock")))

# --- Safe reporting -----------------------------------------------------------------------------
# Argon2id cost, one for each use (reasons and attack costs: docs/threat-model.md, "Key derivation
# cost"). Case workers' passwords: 3 passes over 64 MiB (sign-in is rare; a password may be weak
# and no server secret is mixed in). Receipts: 2 passes over 8 MiB, paid on every submission and
# follow-up; a receipt has 53 random bits and the pepper below is mixed in, so a seized database
# alone cannot test receipts at any cost. Tests use the minimum so that the suite stays fast.
AWAAZ_KDF_OPSLIMIT = env_int("AWAAZ_KDF_OPSLIMIT", 1 if TESTING else 3)
AWAAZ_KDF_MEMLIMIT = env_int("AWAAZ_KDF_MEMLIMIT", 8192 if TESTING else 64 * 1024 * 1024)
AWAAZ_KDF_RECEIPT_OPSLIMIT = env_int("AWAAZ_KDF_RECEIPT_OPSLIMIT", 1 if TESTING else 2)
AWAAZ_KDF_RECEIPT_MEMLIMIT = env_int(
    "AWAAZ_KDF_RECEIPT_MEMLIMIT", 8192 if TESTING else 8 * 1024 * 1024
)
# The floors production refuses to go below (the test cost is for tests only).
AWAAZ_KDF_FLOOR = (3, 64 * 1024 * 1024)
AWAAZ_KDF_RECEIPT_FLOOR = (2, 8 * 1024 * 1024)
if PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    for _name, _value, _floor in (
        ("AWAAZ_KDF_OPSLIMIT", AWAAZ_KDF_OPSLIMIT, AWAAZ_KDF_FLOOR[0]),
        ("AWAAZ_KDF_MEMLIMIT", AWAAZ_KDF_MEMLIMIT, AWAAZ_KDF_FLOOR[1]),
        ("AWAAZ_KDF_RECEIPT_OPSLIMIT", AWAAZ_KDF_RECEIPT_OPSLIMIT, AWAAZ_KDF_RECEIPT_FLOOR[0]),
        ("AWAAZ_KDF_RECEIPT_MEMLIMIT", AWAAZ_KDF_RECEIPT_MEMLIMIT, AWAAZ_KDF_RECEIPT_FLOOR[1]),
    ):
        if _value < _floor:
            _shown = f"{_floor // (1024 * 1024)} MiB" if "MEM" in _name else str(_floor)
            raise ImproperlyConfigured(f"{_name} below {_shown} is for tests, not production")
# A server-side secret mixed into receipt look-ups, so a stolen database alone cannot be used to
# test receipts offline.
AWAAZ_RECEIPT_PEPPER = env_secret(
    "AWAAZ_RECEIPT_PEPPER", required=PRODUCTION, fallback_file=VAR_DIR / "receipt_pepper"
)
AWAAZ_REPORT_RETENTION_DAYS = env_int("AWAAZ_REPORT_RETENTION_DAYS", 90)
AWAAZ_REPORT_MAX_ATTACHMENT_BYTES = env_int("AWAAZ_REPORT_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
# A whole intake request (the words and the files together): larger than the site's limit.
AWAAZ_INTAKE_MAX_REQUEST_BYTES = env_int(
    "AWAAZ_INTAKE_MAX_REQUEST_BYTES", 2 * AWAAZ_REPORT_MAX_ATTACHMENT_BYTES + 1024 * 1024
)
# Encrypted attachments live here, never under MEDIA_ROOT (which a web server may serve).
AWAAZ_SAFETY_FILES_DIR = Path(env_str("AWAAZ_SAFETY_FILES_DIR", str(VAR_DIR / "safety")))

ADMIN_URL = env_str("AWAAZ_ADMIN_URL", "admin/")
# Members (focal persons included) sign in without a password; that page links staff to the
# password-and-second-factor sign-in of the admin.
LOGIN_URL = "movement:sign_in"
AWAAZ_SITE_NAME = env_str("AWAAZ_SITE_NAME", "Awaaz")
