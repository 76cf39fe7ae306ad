from django.urls import path

from . import census_imports, offline, views, visits

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("elders/", views.elder_list, name="elder_list"),
    path("elders/new/", views.elder_create, name="elder_create"),
    path("elders/import/", census_imports.elder_import, name="elder_import"),
    path("elders/import/template.xlsx", census_imports.elder_import_template, name="elder_import_template"),
    path("elders/import/<dbid:pk>/", census_imports.elder_import_batch, name="elder_import_batch"),
    path("elders/import/<dbid:pk>/add/", census_imports.elder_import_add, name="elder_import_add"),
    path("elders/import/files/<dbid:pk>/mapping/", census_imports.elder_import_mapping, name="elder_import_mapping"),
    path("elders/import/<dbid:pk>/confirm/", census_imports.elder_import_confirm, name="elder_import_confirm"),
    path("elders/import/<dbid:pk>/rejected.xlsx", census_imports.elder_import_rejected,
         name="elder_import_rejected"),
    path("elders/export.csv", views.elder_export, name="elder_export"),
    path("elders/<dbid:pk>/", views.elder_detail, name="elder_detail"),
    path("elders/<dbid:pk>/reveal/", views.elder_reveal, name="elder_reveal"),
    path("elders/<dbid:pk>/edit/", views.elder_edit, name="elder_edit"),
    path("elders/<dbid:pk>/print/", views.elder_print, name="elder_print"),
    path("elders/<dbid:pk>/visit/", visits.visit_start, name="visit_start"),
    path("visits/<dbid:pk>/", visits.visit_edit, name="visit_edit"),
    path("visits/<dbid:pk>/autosave/", visits.visit_autosave, name="visit_autosave"),
    path("visits/<dbid:pk>/changes/", visits.visit_changes, name="visit_changes"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/state/", offline.state, name="offline_state"),
    path("offline/sync/", offline.sync, name="offline_sync"),
    path("offline/tasks/<dbid:pk>/visit/", offline.visit_form, name="offline_visit"),
    path("offline/tasks/<dbid:pk>/submit/", offline.submit, name="offline_submit"),
    path("offline/conflicts/<dbid:pk>/resolve/", offline.resolve, name="offline_resolve"),
]
