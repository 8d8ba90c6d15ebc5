"""`make demo` / `saferelease demo`: the development settings with DEBUG off, so the demo
answers as the service does (its own 404 and 500 pages, never Django's debug pages that
list every URL). Static files are served by whitenoise straight from the build
(`static_build/`) without `collectstatic`: unhashed names, so no manifest is needed."""

from .dev import *

DEBUG = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
