"""Workbench screens of the case flows, one module per flow (each with its own ``urlpatterns``)."""
