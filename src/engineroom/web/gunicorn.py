"""gunicorn's settings for ``engineroom serve`` (``gunicorn -c python:engineroom.web.gunicorn``).

Read from the environment ``engineroom serve`` sets: ``ENGINEROOM_BIND`` (address, default
127.0.0.1:8000) and ``ENGINEROOM_WORKERS`` (default 2 × cores + 1, gunicorn's rule of thumb for
synchronous workers). Put a TLS-terminating proxy in front (README: Running in production).
"""

from __future__ import annotations

import os


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


wsgi_app = "engineroom.web.wsgi:application"
bind = os.environ.get("ENGINEROOM_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ENGINEROOM_WORKERS") or default_workers())
# Synchronous workers: each request has a process to itself; pages are short and CPU-bound.
worker_class = "sync"
timeout = 60  # a worker stuck for a minute is restarted (the slowest pages take seconds)
graceful_timeout = 30
# Recycle each worker after about a thousand requests, staggered, so none grows without bound.
max_requests = 1000
max_requests_jitter = 100
# The application is loaded in each worker (not before forking), so no database connection or
# DuckDB handle is shared between processes.
preload_app = False
# Several servers may run on one machine (tests, benchmarks): no shared control socket.
control_socket_disable = True
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("ENGINEROOM_LOG_LEVEL", "warning").lower()
proc_name = "engineroom"
