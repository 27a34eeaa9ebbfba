"""gunicorn settings for Maillage (WSGI: django-axes' lockout needs it, see docs/operations.md).

    gunicorn --config hub/gunicorn.conf.py hub.wsgi

Read from the environment:
- `BIND` (e.g. `127.0.0.1:8000` or `unix:/run/maillage/gunicorn.sock`), else
  `127.0.0.1:$PORT` (`PORT` defaults to 8000). Bind to the loopback or a socket: the
  reverse proxy in front terminates TLS;
- `WEB_CONCURRENCY`: worker processes, by default CPUs + 1, at most 8;
- `GUNICORN_THREADS`: threads per worker, by default 4 (gunicorn's `gthread` worker; 1
  gives the `sync` worker). Chosen by measurement on the 2-core machine (docs/operations.md,
  docs/benchmarks.md, 2026-12-02): 3 workers x 4 threads answered the 50 mixed users of P6
  with a p50 of 44 ms and 24 requests/s where 5 sync workers gave 950 ms and 13/s, the
  machine equally loaded; the page work is Python under the GIL, so more processes than
  cores add nothing, while threads keep a worker answering cheap requests (cache hits,
  static files) while one of its requests waits on the database, Redis or a hash;
- `GUNICORN_TIMEOUT` (seconds, default 60: the guide's
  PDF takes a few seconds cold), `GUNICORN_MAX_REQUESTS` (default 10000: recycling a
  worker costs about a second; 0 = never recycle a worker);
- `TRUSTED_PROXIES`: the proxies allowed to say the visitor used HTTPS, as in Django.
Access and error logs go to stdout and stderr, for the service manager.
"""

import multiprocessing
import os


def _int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(
            f"Erreur de configuration : {name}={raw!r} n'est pas un nombre entier."
        ) from None


bind = [os.environ.get("BIND") or f"127.0.0.1:{_int('PORT', 8000)}"]
workers = _int("WEB_CONCURRENCY", min(multiprocessing.cpu_count() + 1, 8))
threads = max(_int("GUNICORN_THREADS", 4), 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = max_requests // 10

# Load the application once, before forking: faster start, shared memory pages.
preload_app = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No query string in the access log: search terms and commune names typed by visitors
# stay out of the logs. `%(U)s` is the path only.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

# X-Forwarded-Proto is believed from our own proxies only (Django checks it again).
forwarded_allow_ips = ",".join(
    entry.strip() for entry in os.environ.get("TRUSTED_PROXIES", "").split(",") if entry.strip()
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.production")
