"""Rate limits for the API, counted per token in memory or, when REDIS_URL is set, in Redis.

Calls without a live token are counted per caller instead, by a keyed hash of their address:
counters live only in the limiter's storage and expire with their window, and even there (and
in the limiter's log lines) no address appears, as the service keeps none anywhere.
"""

import math
import time

from flask import Blueprint, Flask, current_app
from flask_limiter import Limiter

from portal.action_limits import caller_key
from portal.api_auth import current_api_token

DEFAULT_API_RATE_LIMIT = "120 per minute"


def _caller_key() -> str:
    token = current_api_token()
    if token is not None:
        return f"token:{token.token_hash}"
    return caller_key()


limiter = Limiter(key_func=_caller_key)


def init_app(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMIT", DEFAULT_API_RATE_LIMIT)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)


def _api_rate_limit() -> str:
    # Read on every request, so a test can lower the limit on the app it already has.
    return current_app.config["API_RATE_LIMIT"]


def limit_blueprint(blueprint: Blueprint) -> None:
    """Apply API_RATE_LIMIT to each caller across all of the blueprint's routes together."""
    limiter.shared_limit(_api_rate_limit, scope=blueprint.name)(blueprint)


def retry_after_seconds() -> int:
    """Whole seconds until the limit this request broke lets the caller in again."""
    reset_time = limiter.current_limit.window.reset_time
    return max(1, math.ceil(reset_time - time.time()))
