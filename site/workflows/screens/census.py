"""Workbench screens: census (to be built)."""

urlpatterns = []
