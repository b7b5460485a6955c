"""Settings for RQ's command line (``rq worker -c portal.rq_settings``, and ``rq cron``).

RQ's own log lines go through portal.logs like the app's: JSON on stderr, scrubbed of email and
IP addresses. Left to itself RQ prints plain text, including a failed job's exception message,
which for an email job can hold the recipient's address.
"""

_RQ_LOGGERS = ("rq", "rq.worker", "rq.job", "rq.scheduler", "rq.cron")

DICT_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "portal.logs.StderrHandler"}},
    "loggers": {
        name: {"level": "INFO", "handlers": ["stderr"], "propagate": False} for name in _RQ_LOGGERS
    },
}
