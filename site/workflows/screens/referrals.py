"""Workbench screens: referrals (to be built)."""

urlpatterns = []
