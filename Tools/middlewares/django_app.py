"""The probe app behind django-cors-headers (Debian's python3-django-cors-headers and python3-django),
for capture.py.

    python3 django_app.py CONFIGURATION PORT

Serves on 127.0.0.1:PORT with Django's own development server (runserver, no reloader), DEBUG off.
The configuration code capture.py records in the fixture is the text between the
"config NAME begin" and "config NAME end" lines, verbatim.
"""
import sys

import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

configuration, port = sys.argv[1], sys.argv[2]

common = dict(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="cors-sim-probe-app",
    INSTALLED_APPS=["corsheaders"],
    # As django-cors-headers' README says: CorsMiddleware as high as possible, before CommonMiddleware.
    MIDDLEWARE=["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"],
)

if configuration == "default":
    # config default begin
    # django-cors-headers' defaults allow no origin at all; the zero-configuration use tutorials
    # show allows every origin, everything else left at its default.
    CORS_ALLOW_ALL_ORIGINS = True
    # config default end
    settings.configure(**common, CORS_ALLOW_ALL_ORIGINS=CORS_ALLOW_ALL_ORIGINS)
elif configuration == "allowlist":
    # config allowlist begin
    CORS_ALLOWED_ORIGINS = ["https://app.example", "https://admin.app.example"]
    CORS_ALLOW_CREDENTIALS = True
    CORS_ALLOW_METHODS = ["GET", "POST", "PUT", "DELETE"]
    CORS_ALLOW_HEADERS = ["content-type", "x-custom"]
    CORS_EXPOSE_HEADERS = ["X-Total"]
    CORS_PREFLIGHT_MAX_AGE = 600
    # config allowlist end
    settings.configure(
        **common,
        CORS_ALLOWED_ORIGINS=CORS_ALLOWED_ORIGINS,
        CORS_ALLOW_CREDENTIALS=CORS_ALLOW_CREDENTIALS,
        CORS_ALLOW_METHODS=CORS_ALLOW_METHODS,
        CORS_ALLOW_HEADERS=CORS_ALLOW_HEADERS,
        CORS_EXPOSE_HEADERS=CORS_EXPOSE_HEADERS,
        CORS_PREFLIGHT_MAX_AGE=CORS_PREFLIGHT_MAX_AGE,
    )
else:
    sys.exit(f"unknown configuration {configuration}")


# The app: /data answers 200 to GET/POST/PUT/DELETE, /private 401, /error 500; anything else is
# Django's own 404 (and require_http_methods' 405 for another method on /data).
@csrf_exempt
@require_http_methods(["GET", "POST", "PUT", "DELETE"])
def data(request):
    return HttpResponse("ok")


def private(request):
    return HttpResponse("unauthorized", status=401)


def error(request):
    return HttpResponse("error", status=500)


urlpatterns = [path("data", data), path("private", private), path("error", error)]

if __name__ == "__main__":
    django.setup()
    from django.core.management import call_command

    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True)
