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
    # Counts below this are never shown (see challenges.suppression). 10 matches the
    # small-number rule NHS England applies to published statistics.
    SUPPRESSION_THRESHOLD = _int("SUPPRESSION_THRESHOLD", 10)
    # Set to 5 to round every shown count to the nearest 5, as NHS England statistics do.
    SUPPRESSION_ROUNDING = (
        int(os.environ["SUPPRESSION_ROUNDING"]) if os.environ.get("SUPPRESSION_ROUNDING") else None
    )
    # Calls per API token per window; also per caller for calls without a token.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute")
    # A published item is hidden for review after this many reports.
    REPORTS_BEFORE_HIDING = _int("REPORTS_BEFORE_HIDING", 3)
    FACT_COUNTS_CACHE_SECONDS = _int("FACT_COUNTS_CACHE_SECONDS", 300)
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


class DevelopmentConfig(Config):
    NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    FORCE_HTTPS = False
    DEMO_DATA_ALLOWED = True


class TestingConfig(DevelopmentConfig):
    NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    MAIL_BACKEND = "memory"
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
