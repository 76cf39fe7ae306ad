"""The default visit form, 附件2 as printed (forms.fujian2), saved and published as its first revision.

Built with historical models as Wagtail's ``save_revision()`` and ``publish()`` would leave it:
the row, one revision holding the serialised content, ``latest_revision`` and ``live_revision``
pointing at it, and the live flags set.
"""

from django.db import migrations
from django.utils import timezone


def create_default_definition(apps, schema_editor):
    from modelcluster.models import get_serializable_data_for_fields

    from forms import fujian2

    FormDefinition = apps.get_model("visit_forms", "FormDefinition")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if FormDefinition.objects.filter(code=fujian2.CODE).exists():
        return
    now = timezone.now()
    definition = FormDefinition.objects.create(
        name=fujian2.NAME, code=fujian2.CODE, description=fujian2.DESCRIPTION, footnote=fujian2.FOOTNOTE,
        sections=fujian2.sections(), live=True, has_unpublished_changes=False,
        first_published_at=now, last_published_at=now,
    )
    content_type, _ = ContentType.objects.get_or_create(app_label="visit_forms", model="formdefinition")
    revision = Revision.objects.create(
        content_type=content_type, base_content_type=content_type, object_id=str(definition.pk),
        created_at=now, content=get_serializable_data_for_fields(definition), object_str=definition.name,
    )
    definition.latest_revision = revision
    definition.live_revision = revision
    definition.save(update_fields=["latest_revision", "live_revision"])


class Migration(migrations.Migration):
    dependencies = [
        ("visit_forms", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_default_definition, migrations.RunPython.noop)]
