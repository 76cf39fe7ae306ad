"""The site's URLs and ``bench/trivial-post/``: served only by the load test's server (bench/load_settings.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as site_urlpatterns


@require_POST
@login_required
def trivial_post(request):
    """What any signed-in POST costs on this server: the whole middleware stack (session, CSRF, sign-in,
    two-factor, audit) and a redirect, as a submission answers; no work of its own."""
    return HttpResponseRedirect("/workbench/cases/")


urlpatterns = [path("bench/trivial-post/", trivial_post), *site_urlpatterns]
