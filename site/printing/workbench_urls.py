"""Printing on the workbench (mounted at ``workbench/print/``): a visit record, monthly batches."""

from django.urls import path

from printing import record_views

app_name = "printing"

urlpatterns = [
    path("visits/<int:pk>.pdf", record_views.visit_record_pdf_view, name="visit_record_pdf"),
]
