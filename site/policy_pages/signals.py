"""Keep the departments page's search entry current when administrators edit a department."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index

from roles.models import Department


@receiver(post_save, sender=Department, dispatch_uid="policy_pages_reindex_departments_on_save")
@receiver(post_delete, sender=Department, dispatch_uid="policy_pages_reindex_departments_on_delete")
def reindex_departments_pages(**kwargs):
    from policy_pages.models import DepartmentsPage

    for page in DepartmentsPage.objects.all():
        index.insert_or_update_object(page)
