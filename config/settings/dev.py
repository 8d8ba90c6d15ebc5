"""Local development and `make demo`: DEBUG on, console email, SQLite unless DATABASE_URL."""

from .base import *

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *ALLOWED_HOSTS]

# The embedded SQLite database lives in var/ (git-ignored); make sure it exists.
(BASE_DIR / "var").mkdir(exist_ok=True)
