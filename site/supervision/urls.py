"""监督看板 and 报表, mounted at /workbench/reports/ (namespace ``supervision``)."""

from django.urls import include, path

app_name = "supervision"

urlpatterns = [
    path("", include("supervision.dashboard_urls")),
    path("exports/", include("supervision.report_urls")),
]
