"""Workbench screens: visits (to be built)."""

urlpatterns = []
