"""Settings of the gunicorn the break-in test starts: production, serving static files from the apps.

Without ``collectstatic`` the production storage cannot name a page's CSS, so every HTML answer
(a 404 included) would be a 500; plain storage lets the test see the real status codes.
"""

from waypoint.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
