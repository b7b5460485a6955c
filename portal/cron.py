"""The schedule for ``make cron`` (``rq cron portal.cron``): RQ enqueues these jobs on time and the
``make worker`` processes run them.

Run exactly one ``make cron`` per deployment: each scheduler enqueues on its own. Both jobs are
safe to run twice, so a second scheduler during a hand-over does no harm. Without Redis, run the
same tasks from the system's cron through the CLI instead (see docs/deployment.md).

Cron expressions are in the scheduler machine's local time (UTC on our servers).
"""

from rq import cron

from config import config_from_environment
from portal import jobs

QUEUE = config_from_environment().JOB_QUEUE

# Rounds open by date, so noting each opening within a quarter of an hour is plenty.
cron.register(jobs.open_due_rounds, QUEUE, interval=15 * 60, result_ttl=0)
# Nightly, when almost nobody is posting.
cron.register(jobs.purge_expired, QUEUE, cron="30 3 * * *", result_ttl=0)
