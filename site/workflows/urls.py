"""Workbench screens of the case flows, mounted at /workbench/cases/ (namespace ``workflows``)."""

from django.urls import include, path

app_name = "workflows"

urlpatterns = [
    path("", include("workflows.screens.inbox")),
    path("census/", include("workflows.screens.census")),
    path("visits/", include("workflows.screens.visits")),
    path("referrals/", include("workflows.screens.referrals")),
]
