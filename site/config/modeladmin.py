"""The base of every wagtail-modeladmin ``ModelAdmin`` of the project."""

from django.contrib.admin.sites import AdminSite
from wagtail_modeladmin import options

# No model is registered here: Django's related-field list filters ask the admin site for the
# related model's admin ordering, get "not registered" and use the model's own ordering.
_NO_DJANGO_ADMIN = AdminSite(name="tanfang_modeladmin")


class ModelAdmin(options.ModelAdmin):
    """wagtail-modeladmin's ``ModelAdmin`` without Django's admin site.

    modeladmin points ``admin_site`` at ``django.contrib.admin.site``, which needs the
    ``django.contrib.admin`` app this project does not install: any related-field list filter
    (e.g. ``list_filter = ("role",)``) then fails with "No installed app with label 'admin'".
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.admin_site = _NO_DJANGO_ADMIN
