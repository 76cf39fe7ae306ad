"""URL routes: the Wagtail admin for trusted administrators, search, and the public pages."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from policy_pages import views as policy_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("accounts.urls")),
    path("workbench/cases/", include("workflows.urls")),
    path("workbench/print/", include("printing.workbench_urls")),
    path("workbench/reports/", include("supervision.urls")),
    path("workbench/", include("workbench.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", policy_views.search, name="search"),
    path("", include("printing.urls")),
]

if settings.TANFANG_DEMO_SITE:
    # Uploaded images and documents of the demo; production's web server serves MEDIA_ROOT. (Django's
    # ``static()`` helper would do nothing here: the demo runs with DEBUG off.)
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve,
                            {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]

handler403 = "config.error_views.permission_denied"
handler404 = "config.error_views.page_not_found"
