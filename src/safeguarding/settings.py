"""Settings for the Hub. Everything that differs between machines comes from the environment.

See docs/deployment.md for every variable and its default.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from safeguarding.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("SAFEGUARDING_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret(
    "SECRET_KEY", debug_default="insecure-development-key-never-used-in-production", debug=DEBUG
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hub.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except (ValueError, KeyError) as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL={DATABASE_URL!r} is not a database URL: {error}"
    ) from None
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must name SQLite or PostgreSQL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "safeguarding.core",
    "safeguarding.accounts",
    "safeguarding.audit",
    "safeguarding.metrics",
    "safeguarding.governance",
    "safeguarding.learning",
    "safeguarding.reviews",
    "safeguarding.training",
    "safeguarding.escalations",
    "safeguarding.allegations",
    "safeguarding.child_deaths",
    "safeguarding.reports",
    "safeguarding.datapack",
    "safeguarding.api",
    "safeguarding.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "safeguarding.audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safeguarding.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguarding.urls"
WSGI_APPLICATION = "safeguarding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeguarding.core.context_processors.hub",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after a period of inactivity: every request renews the expiry.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True

# Lockout after repeated failed sign-ins (django-axes), per account.
AXES_FAILURE_LIMIT = env_int("LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOCKOUT_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
# Lock the account, not the address: staff share council and NHS networks (docs/decisions/0003).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Safeguarding Partnership Hub")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hub@localhost")
#: The Hub's public address, for links in emails (reminders); empty: the first trusted origin.
SITE_URL = env_str("SITE_URL", "")

# The API (docs/api.md). Token first, so an anonymous request gets 401 with a WWW-Authenticate
# header; session sign-in works too (with CSRF). JSON in and out; the browsable pages are
# replaced by the documentation page at /api/docs/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "safeguarding.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safeguarding Partnership Hub API",
    "DESCRIPTION": (
        "Every endpoint answers through the same services and policies as the web. "
        "Sign in with a token (`Authorization: Token <key>`, from your profile page) or a "
        "session. A record outside your partnerships answers 404; one you may read but not "
        "change answers 403; bad input answers 400 naming each wrong field."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name (kind, method) or a set under two names (judgement).
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "safeguarding.learning.models.SourceKind",
        "LearningReviewKindEnum": "safeguarding.reviews.models.LearningReviewKind",
        "ImpactMethodEnum": "safeguarding.learning.models.ImpactMethod",
        "DisseminationMethodEnum": "safeguarding.learning.models.DisseminationMethod",
        "ImpactJudgementEnum": "safeguarding.learning.models.ImpactJudgement",
        "BookingStatusEnum": "safeguarding.training.models.BookingStatus",
        # Named once bookings' statuses joined actions' under the field name "status".
        "ActionStatusEnum": "safeguarding.learning.models.ActionStatus",
        "EvaluationStageEnum": "safeguarding.training.models.EvaluationStage",
        # The casework registers share field names ("category", "outcome", "age_band") with
        # each other and with reviews.
        "NotificationAgeBandEnum": "safeguarding.reviews.models.AgeBand",
        "NotificationOutcomeEnum": "safeguarding.reviews.models.IncidentOutcome",
        "ChildDeathAgeBandEnum": "safeguarding.child_deaths.models.AgeBand",
        "ChildDeathCategoryEnum": "safeguarding.child_deaths.models.Category",
        "AllegationCategoryEnum": "safeguarding.allegations.models.Category",
        "AllegationOutcomeEnum": "safeguarding.allegations.models.Outcome",
        "EscalationOutcomeEnum": "safeguarding.escalations.models.Outcome",
    },
}

# Disclosure control of published figures: counts from 1 to the threshold show as the symbol.
DISCLOSURE_THRESHOLD = env_int("DISCLOSURE_THRESHOLD", 5, minimum=1)
DISCLOSURE_SYMBOL = env_str("DISCLOSURE_SYMBOL", "c")

# Long work (PDF rendering, imports, reminders) runs as Django tasks in the database: no broker.
# `safeguarding db_worker` runs them; tests run them at once.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# Accounts: invitation and password-reset links work once, for this many days.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_DAYS", 3, minimum=1) * 24 * 60 * 60
