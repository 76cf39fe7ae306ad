"""Workbench screens: inbox (to be built)."""

urlpatterns = []
