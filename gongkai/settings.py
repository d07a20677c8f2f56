"""Settings, all from the environment (variables prefixed GONGKAI_).

The defaults give a self-contained development install: SQLite in a data directory and an
SQLite-backed task queue. `GONGKAI_ENV=production` turns on the production checks.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"GONGKAI_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


# Exactly one of two words: a typo ("Production", "prod") must not quietly run a development
# server with the development secret key.
ENVIRONMENTS = ("development", "production")
ENVIRONMENT = env("ENV", "development")
if ENVIRONMENT not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"GONGKAI_ENV={ENVIRONMENT!r} is not a known environment: use development or production "
        f"(GONGKAI_ENV 只能是 development 或 production，当前为 {ENVIRONMENT!r})."
    )
PRODUCTION = ENVIRONMENT == "production"
# Off unless asked for (GONGKAI_DEBUG=1): citizens never see Django's debug or English pages.
DEBUG = env_bool("DEBUG", False)

_xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
DATA_DIR = Path(env("DATA_DIR", str(Path(_xdg) / "gongkai")))

DEV_SECRET_KEY = "gongkai-insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "GONGKAI_ENV=production needs GONGKAI_SECRET_KEY: a random string of 32+ characters "
        "(生产模式必须设置 GONGKAI_SECRET_KEY，且不少于32个字符)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # gongkai.core first: its `migrate` wraps Django's to seed the working-day calendar.
    "gongkai.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "huey.contrib.djhuey",
    "gongkai.accounts",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.info_requests",
    "gongkai.catalogue",
    "gongkai.reports",
    "gongkai.workbench",
    "gongkai.portal",
    "gongkai.search",
    "gongkai.interaction",
    "gongkai.participation",
    "gongkai.inspection",
    "gongkai.supervision",
]

MIDDLEWARE = [
    # The health endpoint first: a load balancer's probe is answered whatever its Host header
    # or scheme, and is not logged as a request (gongkai/core/health.py).
    "gongkai.core.health.HealthMiddleware",
    # One log line per request (gongkai/core/request_log.py).
    "gongkai.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, in development too (gongkai/core/csp.py).
    "gongkai.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's session middleware, answering a busy database at the session's save with the
    # 503 page rather than a 500 (gongkai/core/busy.py).
    "gongkai.core.busy.BusyAwareSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database lock not granted within DB_WAIT_SECONDS: 503 "系统繁忙" with the form kept.
    "gongkai.core.busy.BusyDatabaseMiddleware",
    # Axes last: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.workbench.context_processors.workbench",
                "gongkai.portal.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gongkai.db'}")
# How long a statement waits for a lock another writer holds (SQLite's busy timeout,
# PostgreSQL's lock_timeout) before the request gets "系统繁忙，请稍后再试" (HTTP 503,
# gongkai.core.busy). Imports hold the write lock only for a short final step and give that
# step a longer wait of their own (gongkai.core.staging).
DB_WAIT_SECONDS = float(env("DB_WAIT_SECONDS", "10"))
_db = dj_database_url.parse(
    DATABASE_URL, conn_max_age=0 if DATABASE_URL.startswith("sqlite") else 60
)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # IMMEDIATE: a write transaction takes the lock at BEGIN, so concurrent writers queue
        # (busy timeout) instead of failing half-way; WAL lets readers go on meanwhile.
        "transaction_mode": "IMMEDIATE",
        "timeout": DB_WAIT_SECONDS,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
    }
    # Tests use a file too, not SQLite's in-memory shared cache: that one takes table locks
    # that ignore the busy timeout, so concurrency would not be tested as deployed.
    # One file per test process, so two test runs on one machine never share a database.
    _db["TEST"] = {
        "NAME": env("TEST_SQLITE_NAME", str(DATA_DIR / f"test_gongkai_{os.getpid()}.db"))
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _options = _db.setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c lock_timeout={round(DB_WAIT_SECONDS * 1000)}".strip()
    )
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People and login ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:todo"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes): per user name and address together, so one
# attacker cannot lock a clerk out from everywhere.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# The same client address as every other limit (X-Forwarded-For only from trusted proxies).
AXES_CLIENT_IP_CALLABLE = "gongkai.core.client_address.client_address"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# --- HTTPS and browser protections (production) -------------------------------------------
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto. Plain HTTP is redirected to
# HTTPS and browsers are told to use HTTPS only (HSTS, a year by default). The health endpoint
# is answered before any of this (gongkai/core/health.py), so a plain-HTTP probe works.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", str(365 * 24 * 3600)))
    # Subdomains of Gongkai's own host name (not of the government's domain).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is decided for a whole registrable domain by whoever runs it (and is hard
        # to undo), not by one application on one of its host names: not asked for by default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
# The Content-Security-Policy (gongkai/core/csp.py): no inline script or style anywhere; the
# one document with generated styles (the annual report) carries a per-response nonce.
CSP_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
}

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Overrides of Django's catalogues that no app's own locale can reach: the admin's script
# catalogue (jsi18n) reads only the admin's and these.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from it once collected
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# A file over UPLOAD_MAX_BYTES (above every form's own limit: the ledger's 50 MB) is counted,
# not stored (gongkai/core/uploads.py).
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(64 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "gongkai.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Operators who get the nightly failures (audit chain, backup) besides the people with the
# administrator role: GONGKAI_ADMINS=ops@example.gov.cn,duty@example.gov.cn
ADMINS = [(email, email) for email in env_list("ADMINS")]

# --- Cache and rate limits ----------------------------------------------------------------
# One cache shared by every worker process: the database (table gongkai_cache, created by
# `gongkai migrate`) by default, GONGKAI_CACHE_URL=redis://... in production. The rate limits
# (core.ratelimit) count atomically in Redis, or in core_ratecounter without it.
CACHE_URL = env("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"}
}
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated;
# core.client_address). None by default: REMOTE_ADDR is the client.
GONGKAI_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# --- Background work (huey; see docs/architecture.md) --------------------------------------
# Embedded default: an SQLite-file queue that `gongkai run_huey` consumes. Production:
# GONGKAI_TASKS_URL=redis://host:6379/0 and as many consumers as needed, on any machine.
TASKS_URL = env("TASKS_URL")
TASKS_IMMEDIATE = env_bool("TASKS_IMMEDIATE", False)
if TASKS_URL.startswith(("redis://", "rediss://", "unix://")):
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": env("TASKS_NAME", "gongkai"),
        "url": TASKS_URL,
        "immediate": TASKS_IMMEDIATE,
        "utc": True,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": TASKS_URL.removeprefix("sqlite:///") or str(DATA_DIR / "tasks.db"),
        "immediate": TASKS_IMMEDIATE,
        "utc": True,
    }
HUEY["consumer"] = {"workers": int(env("TASK_WORKERS", "2")), "worker_type": "thread"}

# matplotlib (report charts) keeps its font cache here rather than rebuilding it per process.
os.environ.setdefault("MPLCONFIGDIR", str(DATA_DIR / "matplotlib"))

# --- Gongkai ------------------------------------------------------------------------------
# Each app that has to-dos for the workbench names a provider here (see workbench.todos).
GONGKAI_TODO_PROVIDERS = [
    "gongkai.workdays.todos.calendar_todos",
    "gongkai.audit.todos.audit_todos",
    "gongkai.info_requests.todos.request_todos",
    "gongkai.info_requests.todos.estimate_todos",
    "gongkai.catalogue.todos.catalogue_todos",
    "gongkai.reports.todos.report_todos",
    "gongkai.interaction.todos.message_todos",
    "gongkai.participation.todos.participation_todos",
    "gongkai.inspection.todos.inspection_todos",
    "gongkai.supervision.todos.supervision_todos",
]

# Each app that stores deadlines names the function that recomputes them when the working-day
# schedules change (see workdays.services.calendar_changed).
GONGKAI_CALENDAR_CHANGED = [
    "gongkai.info_requests.services.requests_recompute_due_open",
]

# --- Logs (gongkai/core/request_log.py) ----------------------------------------------------
# One line per request (logger gongkai.request) and per task (gongkai.tasks), errors with the
# request's path and user. GONGKAI_LOG_FORMAT=json writes one JSON object per line.
LOG_FORMAT = env("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(
        f"GONGKAI_LOG_FORMAT={LOG_FORMAT!r}: use text or json "
        f"(GONGKAI_LOG_FORMAT 只能是 text 或 json)."
    )
LOG_LEVEL = env("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING").upper()

# --- Site identity (portal footer; 《政府网站发展指引》) -----------------------------------------
# 主办单位 (empty: the government's name from the database), 承办单位 (optional), 网站标识码,
# ICP备案号 and 公安机关备案号. Outside production the identifiers default to values marked 演示.
GONGKAI_SITE_SPONSOR = env("SITE_SPONSOR")
GONGKAI_SITE_ORGANISER = env("SITE_ORGANISER")
GONGKAI_SITE_ID = env("SITE_ID", "" if PRODUCTION else "0000000000（演示）")
GONGKAI_SITE_ICP = env("ICP", "" if PRODUCTION else "示ICP备00000000号（演示）")
GONGKAI_SITE_PSB = env("PSB", "" if PRODUCTION else "示公网安备00000000000000号（演示）")
CSRF_FAILURE_VIEW = "gongkai.portal.errors.csrf_failure"
# Static files without collectstatic outside production, now that DEBUG is off there too.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- Backups and the audit anchors (README "Backup and restore") ---------------------------
# The nightly backup (02:00) keeps the last GONGKAI_BACKUP_KEEP archives; on by default with
# SQLite (the embedded setup), off by default with PostgreSQL, whose operators usually back up
# the server their own way. The audit anchors file must live outside the database.
GONGKAI_BACKUP_DIR = Path(env("BACKUP_DIR", str(DATA_DIR / "backups")))
GONGKAI_BACKUP_KEEP = int(env("BACKUP_KEEP", "14"))
if GONGKAI_BACKUP_KEEP < 1:
    raise ImproperlyConfigured("GONGKAI_BACKUP_KEEP 至少为 1 (must be at least 1).")
GONGKAI_BACKUP_NIGHTLY = env_bool("BACKUP_NIGHTLY", _db["ENGINE"].endswith("sqlite3"))
GONGKAI_AUDIT_ANCHOR_FILE = Path(env("AUDIT_ANCHOR_FILE", str(DATA_DIR / "audit-anchors.jsonl")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "gongkai": {"()": "gongkai.core.request_log.LogFormatter", "json": LOG_FORMAT == "json"}
    },
    "filters": {"huey_task_errors": {"()": "gongkai.core.request_log.HueyTaskErrorFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "gongkai"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Our request line replaces Django's per-request warnings ("Not Found: /x"); server
        # errors still come from django.request, with their traceback.
        "django.request": {"level": "ERROR"},
        # The consumer's own per-task lines duplicate gongkai.tasks; its errors stay. Handled
        # here, so that run_huey does not add a second handler of its own.
        "huey": {
            "handlers": ["console"],
            "level": "WARNING",
            "propagate": False,
            "filters": ["huey_task_errors"],
        },
    },
}

# --- Health (gongkai/core/health.py) -------------------------------------------------------
# /healthz fails when less than this many megabytes are free in the data directory or the
# media root; the task worker counts as stale when its heartbeat is older than this.
HEALTH_DISK_FREE_MB = int(env("HEALTH_DISK_FREE_MB", "500"))
HEALTH_WORKER_STALE_MINUTES = int(env("HEALTH_WORKER_STALE_MINUTES", "5"))
