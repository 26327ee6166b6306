"""Gunicorn settings, all from the environment (the image, docker-compose.yml and Kubernetes use this file).

    gunicorn -c gunicorn.conf.py marketplace.wsgi:application

Sizing: docs/deployment.md (requests per second per instance, from docs/performance.md).
"""

from __future__ import annotations

from marketplace.lib.env import env_bool, env_int, env_str

bind = env_str("GUNICORN_BIND", f"0.0.0.0:{env_int('PORT', 8000)}")
# Processes per instance; scale out with more instances (pods) rather than more processes.
workers = env_int("GUNICORN_WORKERS", 2)
# Threads per process: a request waiting on the database or on the S3 bucket frees the CPU for another.
threads = env_int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Recycle processes now and then, so a slow leak cannot grow without bound.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Trust X-Forwarded-* only from the proxy in front (the ingress controller's addresses, or "*"
# when nothing but the proxy can reach the pod, as the NetworkPolicy of deploy/kubernetes ensures).
forwarded_allow_ips = env_str("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Heartbeat files of the workers: in memory, so the root filesystem can be read-only.
worker_tmp_dir = env_str("GUNICORN_WORKER_TMP_DIR", "/dev/shm") or None  # noqa: S108 - tmpfs, by design.
# The control socket would be written under $HOME; containers run with a read-only root filesystem.
control_socket_disable = not env_bool("GUNICORN_CONTROL_SOCKET", False)
accesslog = env_str("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
# Load the application once in the master and fork: less memory, and a broken settings file
# fails the start instead of every worker.
preload_app = env_bool("GUNICORN_PRELOAD", True)
