import contextlib
import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
if not SECRET_KEY:  # noqa: F405
    from django.core.management.utils import get_random_secret_key

    # Random per process, DEBUG only (contracts §2): sessions end when the server restarts.
    SECRET_KEY = get_random_secret_key()
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
