"""The production settings, as gunicorn runs them, for a load test on 127.0.0.1 over plain http.

Only what https needs is relaxed (Locust talks http to 127.0.0.1: cookies marked Secure would never come back);
everything else — DEBUG off, the database, Redis, Celery, caching of templates, WhiteNoise — is production's."""

from orderdesk.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
