"""Printing on the workbench (mounted at ``workbench/print/``): a visit record, monthly batches."""

from django.urls import path

from printing import batch_views, record_views

app_name = "printing"

urlpatterns = [
    path("visits/<dbid:pk>.pdf", record_views.visit_record_pdf_view, name="visit_record_pdf"),
    path("batches/", batch_views.batch_list, name="batch_list"),
    path("batches/<dbid:pk>/status/", batch_views.batch_status, name="batch_status"),
    path("batches/<dbid:pk>/download/", batch_views.batch_download, name="batch_download"),
]
