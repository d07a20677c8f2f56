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


PRODUCTION = env("ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "0"))

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
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

# --- Cache (rate limits) -----------------------------------------------------------------
# Per-process memory by default; GONGKAI_CACHE_URL=redis://... shares it between web machines.
CACHE_URL = env("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith(("redis://", "rediss://"))
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

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
    "gongkai.catalogue.todos.catalogue_todos",
    "gongkai.reports.todos.report_todos",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
