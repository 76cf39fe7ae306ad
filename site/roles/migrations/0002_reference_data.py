"""Load the official region codes and the 11 departments of 附件1."""

from django.db import migrations


def load(apps, schema_editor):
    from roles.reference import load_departments, load_regions

    load_regions(apps.get_model("roles", "Region"))
    load_departments(apps.get_model("roles", "Department"))


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
