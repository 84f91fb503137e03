"""Test settings: SQLite by default; DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "django-insecure-test-key-only-for-the-test-suite"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")
# The integration tests give their Celery worker a slow backend to kill it mid-send.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
# Unit tests run tasks in-process; the worker tests switch the app to the real broker themselves.
CELERY_TASK_ALWAYS_EAGER = True
# Each test process (and the worker it starts) gets its own queue, so parallel runs never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default=f"orderdesk-test-{os.getpid()}")
