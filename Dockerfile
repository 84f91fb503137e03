# Order Desk production image: gunicorn by default; the compose file reuses it for the Celery worker and beat.

# Stage 1: the project sources without local state. .dockerignore already keeps .venv, .git, var/ and .env out
# of the build context; deleting them here again guards against a context built without it.
# Deleting rather than listing directories to COPY keeps new apps working.
FROM python:3.11-slim-bookworm AS source
WORKDIR /src
COPY . .
RUN rm -rf .git .venv .env var static/vendor tests docs .ci test-artifacts .pytest_cache .ruff_cache \
    && find . -name __pycache__ -prune -exec rm -rf {} + \
    && find . -name '*.mo' -delete

# Stage 2: the runtime image.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=orderdesk.settings.production

# Shared libraries WeasyPrint loads at run time (it dlopens them; no headers or compiler needed: every
# compiled dependency in requirements.txt ships a manylinux wheel). libharfbuzz-subset0 is optional for
# WeasyPrint 70 but it warns on every start without it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# A home directory gives fontconfig somewhere to keep its cache.
RUN useradd --create-home orderdesk

WORKDIR /app
# Requirements before the code, so a code change does not reinstall every package.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --from=source /src/ ./

# The code stays owned by root (read-only for the app); only the media directory is writable. A new named
# volume mounted on /app/var/media copies this directory's owner, so the volume is writable too.
# collectstatic needs the production settings to import; the throw-away values below exist only for this step.
RUN python scripts/fetch_assets.py \
    && python scripts/compile_messages.py \
    && DJANGO_SETTINGS_MODULE=orderdesk.settings.production SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/x \
       CELERY_BROKER_URL=redis://x EMAIL_URL=consolemail:// ALLOWED_HOSTS=x SITE_URL=http://x \
       python manage.py collectstatic --noinput \
    && mkdir -p var/media \
    && chown orderdesk:orderdesk var/media

USER orderdesk
EXPOSE 8000
# The deploy checks first: a production setting left unsafe (a short SECRET_KEY, no HTTPS settings) stops the
# start instead of serving. SILENCED_SYSTEM_CHECKS in the environment silences a check on purpose.
CMD ["sh", "-c", "python manage.py check --deploy --fail-level WARNING && exec gunicorn orderdesk.wsgi:application --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
