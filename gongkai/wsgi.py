import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

# Refuse to serve rather than answer 500 on every page (gongkai/core/static_check.py).
from gongkai.core.static_check import static_files_ready  # noqa: E402

static_files_ready()
