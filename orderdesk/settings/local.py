"""The embedded defaults of `make run`: SQLite, in-process Celery, file e-mail outbox."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, local_secret_key

SECRET_KEY = env("SECRET_KEY", default="") or local_secret_key(BASE_DIR / "var" / "secret_key")
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
