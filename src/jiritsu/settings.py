"""Django settings. SQLite by default; PostgreSQL when DATABASE_URL is set.

JIRITSU_ENV says where the app runs: `production` (the default) or `demo` (set by `jiritsu demo` and
`jiritsu setup-demo`, the test suite and `make lint`). Production refuses to start without its own
JIRITSU_SECRET_KEY and is HTTPS-only (JIRITSU_HTTPS=0 turns that off, e.g. for a test on plain HTTP).
"""
import datetime as dt
import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("JIRITSU_DATA_DIR", Path.cwd() / "var"))

JIRITSU_ENV = os.environ.get("JIRITSU_ENV", "production")
if JIRITSU_ENV not in ("demo", "production"):
    raise ImproperlyConfigured(f"JIRITSU_ENV は demo か production です（{JIRITSU_ENV!r} は使えません）。")
DEMO = JIRITSU_ENV == "demo"

_DEMO_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = os.environ.get("JIRITSU_SECRET_KEY", _DEMO_SECRET_KEY if DEMO else "")
if not DEMO and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEMO_SECRET_KEY):
    # Sessions, CSRF and password-reset links are signed with it: the built-in one is public.
    raise ImproperlyConfigured(
        "本番モード（JIRITSU_ENV=production）では、この環境だけの JIRITSU_SECRET_KEY（50文字以上のランダムな文字列）が"
        "必要です。例: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'。"
        "デモとして起動するには jiritsu demo を使うか JIRITSU_ENV=demo を指定してください。")
DEBUG = os.environ.get("JIRITSU_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("JIRITSU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "jiritsu.core",
    "jiritsu.orgs",
    "jiritsu.programs",
    "jiritsu.audit",
    "jiritsu.auditlog",
    "jiritsu.cases",
    "jiritsu.documents",
    "jiritsu.api",
    "jiritsu.demo",
    "jiritsu.stats",
    "jiritsu.placements",
    "jiritsu.shelter",
    "jiritsu.directory",
    "jiritsu.outreach",
    "jiritsu.training",
    "jiritsu.housing",
    "jiritsu.budget",
    "jiritsu.prep",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app (no CDN, no web server needed), before sessions and sign-in.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "jiritsu.core.middleware.NoStoreMiddleware",
    # Outside the rest, so it sees every error response under /api/, the error views' included.
    "jiritsu.api.middleware.ApiErrorsAsJson",
    "jiritsu.api.middleware.ConditionalGet",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends a session idle for JIRITSU_IDLE_MINUTES (core.middleware), before anything else reads the user.
    "jiritsu.core.middleware.IdleTimeoutMiddleware",
    # request.user.is_verified(): signed in with the second factor in this session (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "jiritsu.audit.context.ViaMiddleware",
    # Inside ViaMiddleware (the row names the client's address) and around every view and error handler.
    "jiritsu.audit.refusals.RefusalLogMiddleware",
    "jiritsu.core.middleware.LoginRequiredMiddleware",
    # After the password, the second factor and then a temporary password's change before any other page.
    "jiritsu.orgs.middleware.AccountGateMiddleware",
    # Last, as django-axes requires: turns a lockout into the login page with its message.
    "axes.middleware.AxesMiddleware",
]

# How many reverse proxies of our own (nginx) stand in front of the app: the client's address is read from
# X-Forwarded-For that many entries from the right (jiritsu.core.client). 0: REMOTE_ADDR itself.
JIRITSU_PROXY_COUNT = int(os.environ.get("JIRITSU_PROXY_COUNT", "0"))

ROOT_URLCONF = "jiritsu.urls"
WSGI_APPLICATION = "jiritsu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiritsu.core.context.staff",
                "jiritsu.core.context.idle_timeout",
                "jiritsu.navigation.menu",
            ],
            "builtins": ["jiritsu.core.templatetags.jp", "jiritsu.cases.templatetags.case_numbers"],
        },
    }
]

# Each process's own memory. What a page keeps there is keyed by a version of the data it read from the
# database on every view (the Today lists: cases/web/today.py), so processes and servers need not share it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jiritsu"}}

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'jiritsu.sqlite3'}",
        conn_max_age=int(os.environ.get("JIRITSU_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the demo server and a CLI command share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Reports from a streaming replica (core.routing): the same options, never migrated, and in tests a mirror
# of the test database (created on the primary, which streams it to the replica).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"],
                                conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["jiritsu.core.routing.ReplicaRouter"]
REPORTS_FROM_REPLICA = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "jiritsu.core.auth.StaffModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "jiritsu.core.errorpages.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "login"
# Idle timeout: a session unused for this long ends on the server (core.middleware.IdleTimeoutMiddleware);
# pages warn a couple of minutes before and offer to stay signed in (static/jiritsu/idle.js).
IDLE_TIMEOUT_SECONDS = int(float(os.environ.get("JIRITSU_IDLE_MINUTES", "30")) * 60)
IDLE_WARNING_SECONDS = min(120, IDLE_TIMEOUT_SECONDS // 2)
SESSION_COOKIE_AGE = 8 * 60 * 60

# Second factor (TOTP, django-otp; orgs.second_factor): production requires it of every role that sees
# personal data (orgs.models.PERSONAL_DATA_ROLES) and of system administrators; the demo leaves it to each
# user (JIRITSU_SECOND_FACTOR=required makes the demo require it too). Who enrolled always uses it.
SECOND_FACTOR_REQUIRED = not DEMO or os.environ.get("JIRITSU_SECOND_FACTOR") == "required"
OTP_TOTP_ISSUER = os.environ.get("JIRITSU_OTP_ISSUER", "jiritsu")

# Login lockout (django-axes): 5 failures for one user name FROM ONE ADDRESS lock that pair for 15 minutes, so
# nobody can lock a colleague out from another PC; the same person at their own PC is locked as before. A
# whole office may share one address, hence no lock by address alone. A manager's password reset lifts it.
# (axes.W006, which asks for ip_address alone, is silenced below.)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "jiritsu.core.client.client_address"  # the access log's rule (JIRITSU_PROXY_COUNT)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jiritsu.orgs.views.locked_out"
# Password spraying (orgs.sign_in_limits): failures from one address for this many different user names in
# the window make that address wait before each further sign-in, 5 seconds doubling per further name, at
# most 5 minutes. Slowed, never locked: an office behind one address can still sign in.
SPRAY_USER_NAMES = int(os.environ.get("JIRITSU_SPRAY_USER_NAMES", "10"))
SPRAY_WINDOW = dt.timedelta(minutes=15)
SPRAY_BASE_DELAY = dt.timedelta(seconds=5)
SPRAY_MAX_DELAY = dt.timedelta(minutes=5)

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project-wide CSS and JS (src/jiritsu/static)
# WhiteNoise serves the files where the apps keep them, so `jiritsu serve` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
# STATIC_ROOT exists only after collectstatic, which serving from the finders does not need.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
WHITENOISE_MAX_AGE = 60 * 60
# Uploaded files (meeting and training materials). There is deliberately no MEDIA_URL route: every file
# is served by its domain's view, which checks who may see it, never as a public URL.
MEDIA_ROOT = Path(os.environ.get("JIRITSU_MEDIA_ROOT", DATA_DIR / "media"))
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # "SQLite does not support indexes with non-key columns": the covering columns are a PostgreSQL speed-up.
    SILENCED_SYSTEM_CHECKS.append("models.W040")

# --- Security: HTTPS, headers, Content-Security-Policy (issue 17) -------------------------------------------
# HTTPS-only in production: cookies never sent over plain HTTP, HTTP redirected, browsers told (HSTS) to
# use HTTPS for a year. Behind our own proxies (JIRITSU_PROXY_COUNT) the proxy says the request was HTTPS.
HTTPS = os.environ.get("JIRITSU_HTTPS", "0" if DEMO else "1") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("JIRITSU_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
if JIRITSU_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe speaks plain HTTP to the app
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JIRITSU_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
X_FRAME_OPTIONS = "DENY"

# Scripts, styles, images, fonts and requests only from the app itself, nothing inline (every script is a
# static file: htmx from django-htmx, ours in static/jiritsu), no plug-ins, no framing. `data:` images
# are the enrolment QR code of the second factor, drawn by the app.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF], "script-src": [_SELF], "style-src": [_SELF], "img-src": [_SELF, "data:"],
        "font-src": [_SELF], "connect-src": [_SELF], "form-action": [_SELF], "frame-ancestors": [_NONE],
        "base-uri": [_SELF], "object-src": [_NONE],
    },
}

# Mail (the new staff's first-sign-in links) and the address links start with, for commands run on the server.
BASE_URL = os.environ.get("JIRITSU_BASE_URL", "")
EMAIL_HOST = os.environ.get("JIRITSU_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("JIRITSU_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("JIRITSU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JIRITSU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("JIRITSU_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("JIRITSU_EMAIL_FROM", "jiritsu@localhost")
PASSWORD_RESET_TIMEOUT = int(os.environ.get("JIRITSU_SIGN_IN_LINK_DAYS", "3")) * 24 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JIRITSU_LOG_LEVEL", "WARNING")},
}
