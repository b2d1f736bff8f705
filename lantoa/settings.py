"""Lantoa settings: every value comes from the environment, read by the typed helpers of ``envconfig``.

With nothing set, Lantoa runs on one machine: SQLite (WAL) and a SQLite huey queue in ``LANTOA_VAR_DIR``.
``DATABASE_URL=postgres://…`` and ``REDIS_URL=redis://…`` switch to the scale-out path. README lists every variable.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import django_stubs_ext

from lantoa.envconfig import ConfigError, Env, database_from_url, redis_from_url, secret_key_from_file

django_stubs_ext.monkeypatch()
env = Env()

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = env.path("LANTOA_VAR_DIR", Path.cwd() / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.boolean("LANTOA_DEBUG", False)
SECRET_KEY = env.secret("LANTOA_SECRET_KEY") or secret_key_from_file(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env.strings("LANTOA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.strings("LANTOA_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env.string("LANTOA_SITE_URL", "http://127.0.0.1:8000")
# AGPL-3.0: users of a network service are offered its source; the footer links here.
SOURCE_URL = env.string("LANTOA_SOURCE_URL", "/static/lantoa/SOURCE.txt")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "axes",
    "ninja",  # so that /api/docs uses the vendored Swagger UI, not a CDN (our CSP allows our origin only)
    "lantoa.core",
    "lantoa.accounts",
    "lantoa.audit",
    "lantoa.org",
    "lantoa.monitoring",
    "lantoa.digests",
    "lantoa.alerts",
    "lantoa.trends",
    "lantoa.press",
    "lantoa.briefings",
    "lantoa.cases",
    "lantoa.consultation",
    "lantoa.campaigns",
    "lantoa.plans",
    "lantoa.disclosure",
    "lantoa.orders",
    "lantoa.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lantoa.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lantoa.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout signalled by the backend into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lantoa.urls"
WSGI_APPLICATION = "lantoa.wsgi.application"

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
                "lantoa.core.context_processors.lantoa_context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------
DATABASE_URL = env.raw("DATABASE_URL") or ""
if DATABASE_URL:
    DATABASES = {"default": database_from_url("DATABASE_URL", DATABASE_URL)}
    DATABASES["default"]["CONN_MAX_AGE"] = env.integer("LANTOA_DB_CONN_MAX_AGE", 60, minimum=0)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "lantoa.sqlite3",
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE transactions take the write lock at
                # BEGIN, so two writers wait for each other (busy timeout) instead of failing with "database is locked".
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA busy_timeout=20000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # the Django 6 behaviour: "baothainguyen.vn" means https://

# --- Queue (huey) ------------------------------------------------------------------------------------------------
REDIS_URL = env.raw("REDIS_URL") or ""
HUEY_IMMEDIATE = env.boolean("LANTOA_HUEY_IMMEDIATE", False)
HUEY: dict[str, object]
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env.string("LANTOA_QUEUE_NAME", "lantoa"),
        "url": redis_from_url("REDIS_URL", REDIS_URL).url,
        "immediate": HUEY_IMMEDIATE,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": env.string("LANTOA_QUEUE_NAME", "lantoa"),
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
    }
# Periodic tasks read the clock in local time (Django sets the process's TZ to TIME_ZONE): "06:30" in a crontab
# is 06:30 in Thái Nguyên, and Monday is Monday there (in UTC the weekly digest would fall on Sunday night).
HUEY["utc"] = False
HUEY["consumer"] = {
    "workers": env.integer("LANTOA_WORKER_THREADS", 2, minimum=1, maximum=64),
    "worker_type": "thread",
    # The consumer is also the scheduler of periodic tasks; on extra workers of a scale-out deployment set
    # LANTOA_SCHEDULER=0 so that exactly one process enqueues the periodic tasks.
    "periodic": env.boolean("LANTOA_SCHEDULER", True),
}

# --- Cache ----------------------------------------------------------------------------------------------------------
# The API's rate limits (lantoa/accounts/api_auth.py) and the home page's shared panels (trends/report.py). The
# counters must be shared by every web process, or each of N gunicorn workers would grant the whole rate: Redis when
# configured (several machines), else files in LANTOA_VAR_DIR (the processes of one machine; Django's default, local
# memory, is private to each process).
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_from_url("REDIS_URL", REDIS_URL).url,
            # Several installations on one Redis (LANTOA_QUEUE_NAME) keep their counters apart.
            "KEY_PREFIX": env.string("LANTOA_QUEUE_NAME", "lantoa"),
            # A Redis that drops packets must cost a page seconds, not hang it: callers fall back (doc/faults.md).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            # One file per client being counted; past this many, a third are dropped (their counts restart). Django
            # lists the folder on every write: measured 0.2 ms per API request for a few clients, 1.6 ms for 1,000.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }

# --- Authentication and security ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env.integer("LANTOA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("LANTOA_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
# Lock the pair (user name, address): an attacker cannot lock a colleague out from elsewhere by guessing.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
PROXY_COUNT = env.integer("LANTOA_PROXY_COUNT", 0, minimum=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "lantoa.core.clientip.client_ip"

# The REST API's rate limits (doc/security.md): per client address for callers without valid credentials (what a
# token guesser or a flood looks like; /api/openapi.json and /api/docs count here too), per user for everyone else,
# whether by token or session. Written N/period: 60/min, 1000/hour, 10/30s.
API_RATE_ANON = env.rate("LANTOA_API_RATE_ANON", "60/min")
API_RATE_USER = env.rate("LANTOA_API_RATE_USER", "600/min")

# HTTPS: on a laptop the platform is plain HTTP on 127.0.0.1; behind a TLS proxy set LANTOA_HTTPS=1 to mark
# cookies Secure, redirect to HTTPS and send HSTS.
HTTPS = env.boolean("LANTOA_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
if HTTPS and env.boolean("LANTOA_BEHIND_PROXY", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.integer("LANTOA_SESSION_HOURS", 12, minimum=1) * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# 'unsafe-inline' for styles only: Django's admin sets style attributes; scripts stay strictly same-origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

# --- Language, time ------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
# Each language named in itself, as language switches usually are.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy in both languages: an English-speaking officer in Thái Nguyên still reads Vietnamese dates.
FORMAT_MODULE_PATH = ["lantoa.formats"]

# --- Static files ---------------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder before the first collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
# Without collectstatic (tests, development) files are served straight from the apps' folders; `lantoa up` runs
# collectstatic so that production gets hashed, compressed, long-cached files.
STATIC_FROM_APPS = env.boolean("LANTOA_STATIC_FROM_APPS", DEBUG)
WHITENOISE_USE_FINDERS = STATIC_FROM_APPS
# Source maps (Swagger UI's and ReDoc's are several MB) are for developers' tools, not worth compressing: since brotli
# is installed (WeasyPrint brings it), compressing them made the first `lantoa up` take ~20 s more.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "swf", "flv", "woff", "woff2",
    "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4", "mpeg", "mpg", "webm", "wmv", "map",
]  # fmt: skip
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if STATIC_FROM_APPS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Mail -------------------------------------------------------------------------------------------------------
EMAIL_HOST = env.string("LANTOA_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = env.integer("LANTOA_SMTP_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.string("LANTOA_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env.secret("LANTOA_SMTP_PASSWORD", "") or ""
EMAIL_USE_TLS = env.boolean("LANTOA_SMTP_TLS", False)
DEFAULT_FROM_EMAIL = env.string("LANTOA_FROM_EMAIL", "lantoa@localhost")

# --- Lantoa's own -------------------------------------------------------------------------------------------------
# How long without a heartbeat before /healthz calls a worker stale.
WORKER_STALE_AFTER = timedelta(seconds=env.integer("LANTOA_WORKER_STALE_SECONDS", 180, minimum=30))
# Poll the monitoring sources on their schedules. Off for tests and demos on machines that must not reach outlets.
MONITORING_POLLING = env.boolean("LANTOA_POLLING", True)
# The province this installation serves (a code of the vietnam-provinces package).
PROVINCE_CODE = env.integer("LANTOA_PROVINCE_CODE", 19, minimum=1)

# Public holidays added to lantoa/core/data/holidays.json (YYYY-MM-DD, comma-separated): the government's yearly
# notice may move a day off; deadlines (lantoa.core.calendar) move with it.
EXTRA_HOLIDAYS = env.strings("LANTOA_EXTRA_HOLIDAYS", [])
for _day in EXTRA_HOLIDAYS:
    try:
        date.fromisoformat(_day)
    except ValueError:
        raise ConfigError("LANTOA_EXTRA_HOLIDAYS", f"expected dates as YYYY-MM-DD, got {_day!r}") from None

# The coverage part of the home page (counts, spikes, forecast, charts) is shared by everyone who opens it with the
# same filters, and computed again at most this often (0: on every request). See doc/scaling.md.
DASHBOARD_CACHE_SECONDS = env.integer("LANTOA_DASHBOARD_CACHE_SECONDS", 60, minimum=0, maximum=3600)

# Press digests: the daily one at DIGEST_DAILY_AT covers the 24 h before it; the weekly one, on Mondays at
# DIGEST_WEEKLY_AT, the 7 days before. A scheduled digest is a draft for an officer to review and issue, unless
# DIGEST_AUTO_ISSUE (then it is issued and mailed at once: for nights and holidays with nobody on duty).
DIGEST_DAILY_AT = env.clock("LANTOA_DIGEST_DAILY_AT", "06:30")
DIGEST_WEEKLY_AT = env.clock("LANTOA_DIGEST_WEEKLY_AT", "07:00")
DIGEST_AUTO_ISSUE = env.boolean("LANTOA_DIGEST_AUTO_ISSUE", False)
# A digest is a summary: per sector the stories with the most outlets, the rest counted ("và N tin khác").
# Negative stories and those to verify are always listed in full.
DIGEST_STORIES_PER_SECTOR = env.integer("LANTOA_DIGEST_STORIES_PER_SECTOR", 10, minimum=1, maximum=1000)
# The issuing body in the document header (Decree 30/2020) and the place on the date line.
DIGEST_PARENT_BODY = env.string("LANTOA_DIGEST_PARENT_BODY", "UBND TỈNH THÁI NGUYÊN")
DIGEST_BODY = env.string("LANTOA_DIGEST_BODY", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
DIGEST_BODY_ABBREVIATION = env.string("LANTOA_DIGEST_BODY_ABBREVIATION", "SVHTTDL")
DIGEST_PLACE = env.string("LANTOA_DIGEST_PLACE", "Thái Nguyên")
# Fonts for the PDF, first that is installed wins per letter. Not "Times New Roman": on Debian it is an alias of
# Liberation Serif 1.x, which lacks most Vietnamese letters (mixed fonts in one word); Noto Serif and DejaVu Serif
# cover Vietnamese fully. The Word document names Times New Roman, as Decree 30 asks.
DIGEST_PDF_FONTS = env.string("LANTOA_DIGEST_PDF_FONTS", "Noto Serif, DejaVu Serif")

# Press desk (Press Law art. 43): the legal deadline is 30 days (lantoa.core.calendar); the internal one, in working
# days after receipt, is the province's own (never later than the legal one). Reminders go out this many working days
# before each deadline, by a daily task at PRESS_REMINDERS_AT.
PRESS_INTERNAL_DEADLINE_WORKING_DAYS = env.integer("LANTOA_PRESS_INTERNAL_DEADLINE_WORKING_DAYS", 10, minimum=1)
PRESS_REMINDER_WORKING_DAYS = tuple(
    sorted({int(days) for days in env.strings("LANTOA_PRESS_REMINDER_WORKING_DAYS", ["3", "1"]) if days.isdigit()},
           reverse=True)
)  # fmt: skip
PRESS_REMINDERS_AT = env.clock("LANTOA_PRESS_REMINDERS_AT", "07:30")
PRESS_MAX_ATTACHMENT_MB = env.integer("LANTOA_PRESS_MAX_ATTACHMENT_MB", 20, minimum=1, maximum=100)

# Misinformation cases: attachments (screenshots, PDFs) cap, and the police the referral document is addressed to.
CASES_MAX_ATTACHMENT_BYTES = env.integer("LANTOA_CASES_MAX_ATTACHMENT_MB", 10, minimum=1, maximum=100) * 1024 * 1024
CASES_POLICE_NAME = env.string("LANTOA_CASES_POLICE_NAME", "Công an tỉnh Thái Nguyên")

# Briefings and statements (Decree 09/2017): the target from a sudden event to a statement (not verified in law; the
# former Decision 25/2013 said one day), and the abuse controls of the public question form (addresses kept hashed).
BRIEFINGS_URGENT_STATEMENT_HOURS = env.integer("LANTOA_BRIEFINGS_URGENT_STATEMENT_HOURS", 24, minimum=1)
BRIEFINGS_QUESTIONS_PER_IP_PER_HOUR = env.integer("LANTOA_BRIEFINGS_QUESTIONS_PER_IP_PER_HOUR", 5, minimum=1)
BRIEFINGS_QUESTIONS_PER_EMAIL_PER_HOUR = env.integer("LANTOA_BRIEFINGS_QUESTIONS_PER_EMAIL_PER_HOUR", 3, minimum=1)
BRIEFINGS_FORM_MIN_SECONDS = env.integer("LANTOA_BRIEFINGS_FORM_MIN_SECONDS", 5, minimum=0)

# Public consultation (Decision 407/QĐ-TTg): commenters' e-mail kept this long (personal-data rules: stated purpose
# and retention), rate limits per e-mail and per client address (kept only as a keyed hash), and the toxicity score
# from which a comment waits for a moderator before it shows (never deleted).
CONSULTATION_CONTACT_RETENTION_DAYS = env.integer("LANTOA_CONSULTATION_CONTACT_RETENTION_DAYS", 365, minimum=1)
CONSULTATION_RATE_PER_CONTACT_HOUR = env.integer("LANTOA_CONSULTATION_RATE_PER_CONTACT_HOUR", 5, minimum=1)
CONSULTATION_RATE_PER_ADDRESS_HOUR = env.integer("LANTOA_CONSULTATION_RATE_PER_ADDRESS_HOUR", 30, minimum=1)
CONSULTATION_TOXICITY_HOLD = env.integer("LANTOA_CONSULTATION_TOXICITY_HOLD_PERCENT", 50, minimum=1, maximum=100) / 100

# The plan's tasks: attachments of progress reports, and how often a late organisation is reminded (days).
PLANS_MAX_ATTACHMENT_MB = env.integer("LANTOA_PLANS_MAX_ATTACHMENT_MB", 20, minimum=1, maximum=100)
PLANS_REMINDER_INTERVAL_DAYS = env.integer("LANTOA_PLANS_REMINDER_INTERVAL_DAYS", 3, minimum=1)

# Social platforms' API roots for the campaign connectors (tests point them at local stubs; a proxy or a regional
# endpoint can be set here). Every call goes through lantoa.core.http with the SSRF guard.
CAMPAIGNS_FACEBOOK_API = env.string("LANTOA_CAMPAIGNS_FACEBOOK_API", "https://graph.facebook.com/v23.0")
CAMPAIGNS_ZALO_API = env.string("LANTOA_CAMPAIGNS_ZALO_API", "https://openapi.zalo.me")
CAMPAIGNS_YOUTUBE_API = env.string("LANTOA_CAMPAIGNS_YOUTUBE_API", "https://www.googleapis.com")
CAMPAIGNS_TIKTOK_API = env.string("LANTOA_CAMPAIGNS_TIKTOK_API", "https://open.tiktokapis.com")

# Requests for information (Law on Access to Information 2016; reading in doc/legal.md, not verified): answered
# within this many working days of a valid request, extendable once by as many; the public form's hourly limit.
DISCLOSURE_REQUEST_WORKING_DAYS = env.integer("LANTOA_DISCLOSURE_REQUEST_WORKING_DAYS", 10, minimum=1)
DISCLOSURE_EXTENSION_WORKING_DAYS = env.integer("LANTOA_DISCLOSURE_EXTENSION_WORKING_DAYS", 10, minimum=1)
DISCLOSURE_REQUESTS_PER_IP_PER_HOUR = env.integer("LANTOA_DISCLOSURE_REQUESTS_PER_IP_PER_HOUR", 5, minimum=1)

# Citizens' contact data elsewhere (lantoa/core/privacy.py purges daily): journalists' questions, requesters of
# information (kept 5 years after the answer, as doc/legal.md proposes; not verified).
BRIEFINGS_CONTACT_RETENTION_DAYS = env.integer("LANTOA_BRIEFINGS_CONTACT_RETENTION_DAYS", 365, minimum=1)
DISCLOSURE_CONTACT_RETENTION_DAYS = env.integer("LANTOA_DISCLOSURE_CONTACT_RETENTION_DAYS", 1825, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice("LANTOA_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
    # huey's consumer adds its own handler unless the logger has one: give it ours, so lines are not doubled.
    "loggers": {
        "huey": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        "axes": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},  # one INFO line per request otherwise
        "trafilatura": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},  # one INFO line per layout step otherwise
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}

# --- Outbound HTTP (lantoa/core/http) ---------------------------------------------------------------------------
# Every fetch goes through lantoa.core.http, which refuses loopback, private, link-local (cloud metadata) and other
# non-public addresses after DNS resolution. Hosts listed here, exactly as they appear in URLs (names or IPs), skip
# that check: an intranet portal the province wants monitored, the tests' own server on 127.0.0.1.
FETCH_ALLOW_HOSTS = env.strings("LANTOA_FETCH_ALLOW_HOSTS", [])
# Named in the User-Agent so that an outlet's webmaster can see who fetches and how to reach the operator.
FETCH_CONTACT_URL = env.string("LANTOA_FETCH_CONTACT_URL", SITE_URL)
# Cap on a response body, on the wire and after gzip/deflate; a news page is well under 2 MB.
FETCH_MAX_BYTES = env.integer("LANTOA_FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=64 * 1024)
# A body that inflates more than this many times its compressed size (past 1 MiB) is a decompression bomb; HTML
# compresses 5-20 times.
FETCH_MAX_DECOMPRESSION_RATIO = env.integer("LANTOA_FETCH_MAX_DECOMPRESSION_RATIO", 100, minimum=10)
FETCH_CONNECT_TIMEOUT = env.integer("LANTOA_FETCH_CONNECT_TIMEOUT_SECONDS", 10, minimum=1)
FETCH_READ_TIMEOUT = env.integer("LANTOA_FETCH_READ_TIMEOUT_SECONDS", 20, minimum=1)
FETCH_TOTAL_TIMEOUT = env.integer("LANTOA_FETCH_TOTAL_TIMEOUT_SECONDS", 60, minimum=1)
FETCH_MAX_REDIRECTS = env.integer("LANTOA_FETCH_MAX_REDIRECTS", 5, minimum=0, maximum=20)
# Politeness: at least this long between two requests to one host (robots.txt Crawl-delay may ask for more).
FETCH_HOST_INTERVAL = env.integer("LANTOA_FETCH_HOST_INTERVAL_SECONDS", 5, minimum=0)
# robots.txt is kept this long (RFC 9309: at most 24 h); after a 5xx or no answer, everything is disallowed and
# the file is asked for again after ROBOTS_ERROR_TTL.
ROBOTS_TTL = env.integer("LANTOA_ROBOTS_TTL_SECONDS", 24 * 3600, minimum=60, maximum=24 * 3600)
ROBOTS_ERROR_TTL = env.integer("LANTOA_ROBOTS_ERROR_SECONDS", 30 * 60, minimum=60)
