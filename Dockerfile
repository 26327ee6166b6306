# syntax=docker/dockerfile:1
# Klusmarkt: one image for web (gunicorn), worker and beat (celery). Built in two stages: the
# first installs the dependencies into a virtualenv and collects the static files, the second
# holds only the runtime (no compiler, no pip cache) and runs as an unprivileged user.
#
#   docker build -t klusmarkt .
#   docker run --env-file .env -p 8000:8000 klusmarkt                       # web
#   docker run --env-file .env klusmarkt celery -A marketplace worker       # worker
#
# The base is pinned to a patch release (the version CI tests with); pin its digest as well in
# your registry mirror (docs/deployment.md).
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
# Build tools only here, in case a dependency has no wheel for this platform.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN pip install --require-virtualenv -r /tmp/requirements.txt
WORKDIR /app
COPY . .
# Static files at build time (whitenoise serves them); a throwaway key, never used at run time.
RUN SECRET_KEY=collectstatic-only DEBUG=false python manage.py collectstatic --noinput \
    && python -m compileall -q /app /opt/venv

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="Klusmarkt" \
      org.opencontainers.image.licenses="EUPL-1.2"
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=marketplace.settings MEDIA_ROOT=/data/private-media
# postgresql-client for scripts/backup.sh and restore.sh; nothing to compile with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 klusmarkt \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin klusmarkt \
    && mkdir -p /data/private-media && chown 10001:10001 /data/private-media
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
# Numeric, so Kubernetes can verify runAsNonRoot.
USER 10001:10001
EXPOSE 8000
# Liveness: the process answers (no database); readiness is /healthz (see marketplace/probes.py).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/livez', timeout=4)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "marketplace.wsgi:application"]
