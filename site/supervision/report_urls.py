"""报表: mounted at /workbench/reports/exports/ (namespace ``supervision``)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("", report_views.reports, name="reports"),
    path("<dbid:pk>/status/", report_views.job_status, name="report_status"),
    path("<dbid:pk>/download/", report_views.job_download, name="report_download"),
]
