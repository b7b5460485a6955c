"""Rate limits on what people do through forms, and a growing wait after failed sign-ins.

Counters live in Redis when REDIS_URL is set, so every app process on every machine shares
them; otherwise in this process's memory, which a lone development server can live with.

Keys are keyed hashes (HMAC with SECRET_KEY) of an account id, an email address or a caller's
address, so the storage never holds any of those in the clear. Counters expire with their
window. Nothing here is ever written to the database, and nothing names a contribution, so a
counter cannot link an account to what it posted.
"""

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask, current_app, request
from flask_login import current_user
from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from portal.logs import log_event

T = TypeVar("T")

# Each action and the setting that holds its limits.
LIMIT_SETTINGS = {
    "post": "POST_RATE_LIMIT",
    "comment": "COMMENT_RATE_LIMIT",
    "endorse": "ENDORSE_RATE_LIMIT",
    "report": "REPORT_RATE_LIMIT",
    "register": "REGISTER_RATE_LIMIT",
    "sign_in": "SIGN_IN_RATE_LIMIT",
    "sign_in_caller": "SIGN_IN_CALLER_RATE_LIMIT",
    "mail": "MAIL_RATE_LIMIT",
}
# A day without failures forgets the ones before.
_FAILURES_REMEMBERED_SECONDS = 24 * 3600


@dataclass
class ActionLimits:
    """One app's counters: the storage and the moving-window strategy over it."""

    storage: Storage
    strategy: MovingWindowRateLimiter


def init_app(app: Flask) -> None:
    uri = app.config.get("REDIS_URL") or "memory://"
    if uri == "memory://" and not app.testing:
        logging.getLogger(__name__).warning(
            "Rate limits are counted in this process's memory only; set REDIS_URL so that "
            "every app process shares them"
        )
    storage = storage_from_string(uri, key_prefix="portal-limits")
    app.extensions["action_limits"] = ActionLimits(storage, MovingWindowRateLimiter(storage))


def _limits() -> ActionLimits:
    return current_app.extensions["action_limits"]


def _keyed(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return f"{kind}:{hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]}"


def account_key() -> str:
    """The signed-in account, as a key that names nobody."""
    return _keyed("account", str(current_user.user.id))


def email_key(email: str) -> str:
    """An email address (registered or not), as a key that names nobody."""
    return _keyed("email", email.strip().lower())


def caller_key() -> str:
    """The caller's network address, as a key that names nobody."""
    return _keyed("caller", request.remote_addr or "")


def _items(action: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[LIMIT_SETTINGS[action]])


def spend(action: str, key: str) -> int | None:
    """Count one attempt at ``action`` by ``key``.

    Returns None when it is allowed, else the whole seconds until it will be.
    """
    limits = _limits()
    for item in _items(action):
        if not limits.strategy.hit(item, action, key):
            log_event("rate_limited", action=action)
            reset_time = limits.strategy.get_window_stats(item, action, key).reset_time
            return max(1, math.ceil(reset_time - time.time()))
    return None


def spend_account(action: str) -> int | None:
    """Count one attempt at ``action`` by the signed-in account (see ``spend``)."""
    return spend(action, account_key())


def delay_after_failures(failures: int, free: int, max_delay: int) -> int:
    """Seconds to wait before the next attempt after this many failures in a row.

    The first ``free`` failures cost nothing (people mistype); each one after doubles the wait,
    up to ``max_delay``.
    """
    if failures < free:
        return 0
    return min(max_delay, 2 ** (failures - free))


def _wait_key(key: str) -> str:
    return f"failures-wait:{key}"


def seconds_to_wait(key: str) -> int:
    """How long before ``key`` may try its password (or recovery code) again."""
    storage = _limits().storage
    if not storage.get(_wait_key(key)):
        return 0
    return max(1, math.ceil(storage.get_expiry(_wait_key(key)) - time.time()))


def record_failure(key: str) -> int:
    """Note a wrong password or code for ``key``; return the wait before it may try again."""
    storage = _limits().storage
    failures = storage.incr(f"failures:{key}", _FAILURES_REMEMBERED_SECONDS)
    delay = delay_after_failures(
        failures,
        current_app.config["FREE_FAILED_ATTEMPTS"],
        current_app.config["FAILED_ATTEMPT_MAX_DELAY_SECONDS"],
    )
    if delay:
        storage.clear(_wait_key(key))
        storage.incr(_wait_key(key), delay)
        log_event("attempts_delayed", seconds=delay)
    return delay


def record_success(key: str) -> None:
    """Forget ``key``'s failures once it gets in."""
    storage = _limits().storage
    storage.clear(f"failures:{key}")
    storage.clear(_wait_key(key))


def guarded_check(key: str, field, check: Callable[[], T | None], wrong: str) -> T | None:
    """Check a password or recovery code for ``key``, unless it must wait after failures.

    Errors go on the form ``field``: the wait, or ``wrong`` when the check fails.
    """
    if wait := seconds_to_wait(key):
        field.errors.append(wait_message(wait))
        return None
    result = check()
    if result:
        record_success(key)
    else:
        record_failure(key)
        field.errors.append(wrong)
    return result


def too_often(seconds: int) -> str:
    """The error for someone who has done one thing many times in a short while."""
    return f"You have done this many times in a short time. {wait_message(seconds)}"


def wait_message(seconds: int) -> str:
    """'Wait 2 minutes', in words a person reads at a glance."""
    if seconds < 60:
        amount = f"{seconds} second{'s' if seconds != 1 else ''}"
    else:
        minutes = math.ceil(seconds / 60)
        amount = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"Wait {amount}, then try again"
