import os

from django.core.wsgi import get_wsgi_application

# Production unless told otherwise: a server never silently runs dev settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings.production")
application = get_wsgi_application()
