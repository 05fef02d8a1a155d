"""WSGI entry point (gunicorn or any WSGI server)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
application = get_wsgi_application()
