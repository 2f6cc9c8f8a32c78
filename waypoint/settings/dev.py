import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F401,F403
from .base import env_bool  # noqa: E402

DEBUG = env_bool("DEBUG", True)
if not SECRET_KEY:  # noqa: F405
    from django.core.management.utils import get_random_secret_key

    # Random per process, DEBUG only (contracts §2): sessions end when the server restarts.
    SECRET_KEY = get_random_secret_key()
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
