"""Settings of the gunicorn process the fault tests start: the test settings, serving static files.

The database (``DATABASE_URL``) and ``ELASTICSEARCH_URL`` come from the environment the test sets.
"""

from waypoint.settings.test import *  # noqa: F403

# DEBUG is off, so WhiteNoise would only serve collected files; read them from the apps instead.
WHITENOISE_USE_FINDERS = True

# A server error goes to the log the test shows when it fails (not to mail_admins).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
