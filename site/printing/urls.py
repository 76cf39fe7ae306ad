"""Public printing URLs (mounted at the site root, before Wagtail's pages)."""

from django.urls import path

from printing import views

urlpatterns = [
    path("record-form/blank.pdf", views.blank_record_form_pdf, name="blank_record_form_pdf"),
]
