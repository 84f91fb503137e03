"""Settings shared by every environment; everything that differs comes from env vars."""

import datetime
import os
import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "django_filters",
    "django_celery_beat",
    "django_countries",
    "auditlog",
    "axes",
    "csp",
    "orderdesk",
    "customers",
    "sales",
    "complaints",
    "portal",
    "desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "orderdesk.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "orderdesk.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "orderdesk.urls"
WSGI_APPLICATION = "orderdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orderdesk.context_processors.shell",
            ],
        },
    },
]

(BASE_DIR / "var").mkdir(exist_ok=True)  # the embedded defaults keep their files here
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the writer instead of failing at once when the worker and web share the file.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orderdesk.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:desk"
LOGOUT_REDIRECT_URL = "login"
# django-axes counts failed sign-ins (the login page, the admin login) and locks the username on this address out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "orderdesk.views.security.locked_out"
# Password reset requests per client address per hour (each one sends an e-mail).
PASSWORD_RESET_LIMIT = env.int("PASSWORD_RESET_LIMIT", default=5)
# A signed-in user who does nothing for this long is signed out.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=480)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Dutch first (the default), then French and English. Formats are Belgian in all three.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["orderdesk.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
LANGUAGE_COOKIE_NAME = "orderdesk_language"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing (before collectstatic)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content-Security-Policy on every response: scripts, styles, fonts and images only from our own origin.
# No inline script or style anywhere: behaviour lives in static/orderdesk/*.js, looks in app.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Uploads: PDF and images are always accepted (checked by content); a manager may allow more in the company data.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: EMAIL_URL chooses the transport (smtp://..., filemail://, consolemail://).
# The default writes every sent message into var/mail-outbox, next to the in-app Outbox.
_mail_folder = str(env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "mail-outbox"))
vars().update(env.email_url("EMAIL_URL", default="filemail://"))
# django-environ drops the leading "/" of a filemail:// path, so the folder is set on its own.
EMAIL_FILE_PATH = _mail_folder
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Order Desk <orderdesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30
# Seconds a worker holds a message it is sending; after that the sweeper hands it to another.
OUTBOX_SENDING_LEASE = env.int("OUTBOX_SENDING_LEASE", default=300)

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="orderdesk")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Redelivery of an unacknowledged task; must stay above the longest countdown we use.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Document numbers: one gapless series per document type per year.
NUMBER_FORMATS = {
    "quote": "Q{year}-{seq:06d}",
    "order": "O{year}-{seq:06d}",
    "delivery": "D{year}-{seq:06d}",
    "invoice": "F{year}-{seq:06d}",
    "credit_note": "C{year}-{seq:06d}",
    "purchase_order": "P{year}-{seq:06d}",
    "complaint": "K{year}-{seq:06d}",
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}
# The dashboard's figures are kept this long per filter (0: computed for every request, as in development and
# tests); production keeps them 60 s.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=0)
# The cache behind the dashboard figures and the sign-in and portal rate limits: the process's own memory unless
# CACHE_URL names a shared one (redis://host:6379/2), which several gunicorn workers need to count together.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The EU's VAT number check; a check that cannot reach it says so and never blocks a save.
VIES_URL = env("VIES_URL", default="https://ec.europa.eu/taxation_customs/vies/rest-api")
VIES_TIMEOUT = env.float("VIES_TIMEOUT", default=6.0)
OUTBOX_MESSAGE_ID_DOMAIN = env("OUTBOX_MESSAGE_ID_DOMAIN", default="orderdesk.local")
CELERY_BEAT_SCHEDULE = {
    "outbox-requeue-stale": {"task": "orderdesk.tasks.outbox_requeue_stale_task", "schedule": 60.0},
    # Daily, just after midnight: quotes past their validity date expire.
    "quotes-expire": {"task": "sales.tasks.quotes_expire_task", "schedule": crontab(hour=0, minute=5)},
    # Every morning the reminders due are proposed for review; runs a dead worker left half sent are finished.
    "reminders-propose": {"task": "sales.tasks.reminders_propose_task", "schedule": crontab(hour=6, minute=0)},
    "reminders-resume": {"task": "sales.tasks.reminders_resume_task", "schedule": 600.0},
    "complaints-deadlines": {"task": "complaints.tasks.complaints_deadlines_task", "schedule": 3600.0},
    # Peppol: sends a dead worker left are handed out again, delivery confirmations and customer answers read.
    "peppol-poll": {"task": "sales.tasks.peppol_poll_task", "schedule": 300.0},
    "weekly-report": {
        "task": "desk.tasks.weekly_report_task",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
    },
}
# The address customers reach the app on: links in e-mails (accept a quote, download an invoice) start with it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
QUOTE_VALIDITY_DAYS = env.int("QUOTE_VALIDITY_DAYS", default=30)
# Who carries issued invoices over the Peppol network (see sales/access_points.py). The default keeps the UBL with
# the invoice to download; "sales.access_points.EInvoiceBackend" sends through e-invoice.be with the key below.
PEPPOL_BACKEND = env("PEPPOL_BACKEND", default="sales.services.peppol.StoreBackend")
E_INVOICE_API_KEY = env("E_INVOICE_API_KEY", default="")
E_INVOICE_BASE_URL = env("E_INVOICE_BASE_URL", default="https://api.e-invoice.be")
# The secret the access point signs its webhook calls with (the webhook's "secret" at e-invoice.be).
PEPPOL_WEBHOOK_SECRET = env("PEPPOL_WEBHOOK_SECRET", default="")
PEPPOL_TIMEOUT = env.float("PEPPOL_TIMEOUT", default=30.0)
# A send is tried this many times more on timeouts, 5xx and 429, waiting PEPPOL_RETRY_DELAY seconds, doubling.
PEPPOL_SEND_RETRIES = env.int("PEPPOL_SEND_RETRIES", default=5)
PEPPOL_RETRY_DELAY = env.int("PEPPOL_RETRY_DELAY", default=60)
# A send claimed longer ago than this belongs to a worker that died: beat hands it out again (same key).
PEPPOL_SENDING_LEASE = env.int("PEPPOL_SENDING_LEASE", default=300)
# How long a participant lookup is trusted, and how long a sent document's answers are awaited.
PEPPOL_LOOKUP_HOURS = env.int("PEPPOL_LOOKUP_HOURS", default=24)
PEPPOL_FOLLOW_DAYS = env.int("PEPPOL_FOLLOW_DAYS", default=60)
# How long after its validity date a customer's quote link still opens (it then shows nothing).
QUOTE_LINK_DAYS_AFTER_VALIDITY = env.int("QUOTE_LINK_DAYS_AFTER_VALIDITY", default=60)
# The customer portal: how long a personal link opens, and how often one address may ask for one or open pages.
PORTAL_LINK_DAYS = env.int("PORTAL_LINK_DAYS", default=90)
PORTAL_LINK_REQUESTS_PER_HOUR = env.int("PORTAL_LINK_REQUESTS_PER_HOUR", default=5)
PORTAL_HITS_PER_HOUR = env.int("PORTAL_HITS_PER_HOUR", default=600)


def local_secret_key(path: Path) -> str:
    """This checkout's own development key: made on first start under var/, reused afterwards, never published."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key
