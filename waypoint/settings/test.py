from .base import *  # noqa: F403

# The development material beside the clone (official examples, the eval directory, city layers):
# tests read it, a running deployment never does.
SHARED_DIR = Path(os.environ.get("WAYPOINT_SHARED_DIR", BASE_DIR.parent / "shared"))  # noqa: F405

DEBUG = False
SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "media" / "test"  # noqa: F405
# Other tests sign staff in with force_login; tests/security turns the second factor back on.
WAYPOINT_REQUIRE_2FA = False
