"""Settings, read from environment variables. Secrets come only from the environment.

Choose a class with PORTAL_ENV=development|testing|production (default development).
"""

import os
from pathlib import Path

from challenges.anonymity import KdfCost

BASE_DIR = Path(__file__).resolve().parent


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    NAME = "base"
    SERVICE_NAME = "Tell us about your working life in health and social care"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    DATABASE_URL = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'portal.db'}"
    )
    REDIS_URL = os.environ.get("REDIS_URL")
    # Background jobs (email, digest builds, scheduled tasks) go on this RQ queue when REDIS_URL
    # is set; without Redis they run at once, inside the request or command that asked for them.
    JOB_QUEUE = os.environ.get("JOB_QUEUE", "portal")
    # Counts below this are never shown (see challenges.suppression). 10 matches the
    # small-number rule NHS England applies to published statistics.
    SUPPRESSION_THRESHOLD = _int("SUPPRESSION_THRESHOLD", 10)
    # Set to 5 to round every shown count to the nearest 5, as NHS England statistics do.
    SUPPRESSION_ROUNDING = (
        int(os.environ["SUPPRESSION_ROUNDING"]) if os.environ.get("SUPPRESSION_ROUNDING") else None
    )
    # Calls per API token per window; also per caller for calls without a token.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute")
    # Per account (posting, commenting, endorsing, reporting) or per caller (registering):
    # generous for a person, tight for a script. Several limits are separated by ";".
    POST_RATE_LIMIT = os.environ.get("POST_RATE_LIMIT", "5 per minute; 30 per hour")
    COMMENT_RATE_LIMIT = os.environ.get("COMMENT_RATE_LIMIT", "10 per minute; 100 per hour")
    ENDORSE_RATE_LIMIT = os.environ.get("ENDORSE_RATE_LIMIT", "30 per minute; 300 per hour")
    REPORT_RATE_LIMIT = os.environ.get("REPORT_RATE_LIMIT", "10 per minute; 50 per day")
    # Many staff share one hospital or council address, so per-caller limits stay high.
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "60 per hour")
    SIGN_IN_CALLER_RATE_LIMIT = os.environ.get("SIGN_IN_CALLER_RATE_LIMIT", "600 per hour")
    # Sign-in attempts per email address, whoever makes them.
    SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute; 100 per hour")
    # Emails people ask us to send to one address (registration, password reset).
    MAIL_RATE_LIMIT = os.environ.get("MAIL_RATE_LIMIT", "5 per hour")
    # After this many wrong passwords (or recovery codes) in a row, each further attempt must
    # wait twice as long as the last, up to the maximum.
    FREE_FAILED_ATTEMPTS = _int("FREE_FAILED_ATTEMPTS", 3)
    FAILED_ATTEMPT_MAX_DELAY_SECONDS = _int("FAILED_ATTEMPT_MAX_DELAY_SECONDS", 900)
    # A session unused this long ends; one older than SESSION_MAX_HOURS ends whatever happens.
    SESSION_IDLE_MINUTES = _int("SESSION_IDLE_MINUTES", 60)
    SESSION_MAX_HOURS = _int("SESSION_MAX_HOURS", 12)
    # How many proxies (load balancer, ingress) sit in front of the app and set X-Forwarded-*.
    PROXY_COUNT = _int("PROXY_COUNT", 0)
    # A published item is hidden for review after this many reports.
    REPORTS_BEFORE_HIDING = _int("REPORTS_BEFORE_HIDING", 3)
    FACT_COUNTS_CACHE_SECONDS = _int("FACT_COUNTS_CACHE_SECONDS", 300)
    # Data retention (`flask --app portal retention purge`): days after which items are deleted,
    # counted from when they reached their state. Moderators' decisions (rejected, removed) are
    # kept longer than an author's own withdrawal, so that a decision can still be reviewed.
    RETAIN_REJECTED_DAYS = _int("RETAIN_REJECTED_DAYS", 90)
    RETAIN_REMOVED_DAYS = _int("RETAIN_REMOVED_DAYS", 90)
    RETAIN_WITHDRAWN_DAYS = _int("RETAIN_WITHDRAWN_DAYS", 30)
    # API tokens, counted from when they expired or were revoked.
    RETAIN_EXPIRED_TOKENS_DAYS = _int("RETAIN_EXPIRED_TOKENS_DAYS", 30)
    # Digest previews nobody saved, and builds that failed.
    RETAIN_DIGEST_PREVIEWS_DAYS = _int("RETAIN_DIGEST_PREVIEWS_DAYS", 7)
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")  # smtp | console | memory
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true").lower() == "true"
    MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@care-voices.example.gov.uk")
    PASSWORD_RESET_MAX_AGE = 3600
    KDF_COST = KdfCost(
        time_cost=_int("ARGON2_TIME_COST", 3),
        memory_kib=_int("ARGON2_MEMORY_KIB", 65536),
        parallelism=1,
    )
    # A worker may spend hours writing: the form token must outlive that.
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_DURATION = 0
    FORCE_HTTPS = True
    DEMO_DATA_ALLOWED = False
    # Logs are JSON lines on stderr with nothing that identifies anyone (see portal.logs).
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")  # json | text (for reading in a terminal)


class DevelopmentConfig(Config):
    NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    FORCE_HTTPS = False
    DEMO_DATA_ALLOWED = True
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")


class TestingConfig(DevelopmentConfig):
    NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    MAIL_BACKEND = "memory"
    LOG_FORMAT = "json"
    # Services a test must never reach by accident.
    MAIL_SERVER = "mail.invalid"
    REDIS_URL = None
    FACT_COUNTS_CACHE_SECONDS = 0
    KDF_COST = KdfCost(time_cost=1, memory_kib=1024, parallelism=1)


class ProductionConfig(Config):
    NAME = "production"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> type[Config]:
    """The config class PORTAL_ENV names."""
    return CONFIGS[os.environ.get("PORTAL_ENV", "development")]
