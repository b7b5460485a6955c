"""Gunicorn settings for `make serve` (see docs/deployment.md), from the environment:

WEB_CONCURRENCY   worker processes (default 2 x CPU cores + 1)
GUNICORN_THREADS  threads per worker (default 2)
BIND              address to listen on (default 0.0.0.0:8000)
LOG_LEVEL         debug, info, warning or error (default info)

Logs are JSON lines on stderr (portal.logs). The app writes one line per request naming the
endpoint, method, status and duration; gunicorn's own access log is off, because its usual line
is the client's address, the path (holding public ids and emailed tokens), the query string and
the user agent, none of which the service keeps anywhere.
"""

import os

from portal.logs import gunicorn_logconfig_dict


def _cores() -> int:
    # The CPUs this process may use, which a container's limits can make fewer than the machine's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "portal:create_app()"
bind = os.environ.get("BIND", "0.0.0.0:8000")

workers = int(os.environ.get("WEB_CONCURRENCY", 2 * _cores() + 1))
# Threads let a worker wait on the database or a slow client without blocking the others, and
# keep connections from the load balancer open between requests (sync workers cannot). Each
# thread may hold one database connection: workers x threads per machine, summed over machines,
# must stay under PostgreSQL's max_connections.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# The app is built in each worker after the fork, so no worker shares the master's database
# connections.
preload_app = False

# A request still running after this is killed with its worker; slow work (digest builds) runs
# on the job queue instead, so no page should come near it.
timeout = 30
# On a deploy or restart, requests in flight get this long to finish.
graceful_timeout = 30
# Longer than load balancers' idle timeout (60 seconds on the common ones), so it is always the
# balancer that closes an idle connection: never gunicorn just as the balancer reuses it (a 502).
keepalive = 75

# Workers are replaced after this many requests, at staggered times, so a slow leak cannot grow.
max_requests = 1000
max_requests_jitter = 100

# The workers' heartbeat file: on a disk-backed /tmp a busy disk can stall the heartbeat and get
# healthy workers killed; /dev/shm is memory. (gunicorn makes the file with mkstemp, unshared.)
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None

# Several servers on one machine (tests, a blue-green deploy) would fight over one control
# socket; signals (HUP to reload, TTIN/TTOU to add or remove workers) do the same job.
control_socket_disable = True

loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = gunicorn_logconfig_dict(loglevel.upper())
accesslog = None
# Only used if someone turns the access log on (--access-logfile): still no client address
# (%(h)s), user (%(u)s), request line (%(r)s), path (%(U)s), query (%(q)s), referrer (%(f)s) or
# user agent (%(a)s); and every value here is safe inside a JSON string as gunicorn writes it.
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "status": %(s)s, "bytes": "%(b)s", "duration_ms": %(M)s}'
)
proc_name = "care-voices-portal"
