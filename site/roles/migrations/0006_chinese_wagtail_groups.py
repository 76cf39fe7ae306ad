"""Wagtail's first migrations create the groups "Editors" and "Moderators", the workflow and task
"Moderators approval" and the root page "Root": names its back office then shows in English. Give
them Chinese names (the 网站编辑 role's group is Wagtail's Editors group, with its page permissions)."""

from django.db import migrations

GROUPS = {"Editors": "网站编辑", "Moderators": "页面审核员"}
APPROVAL = {"Moderators approval": "页面审核员审批"}
ROOT = {"Root": "根页面"}


def rename(apps, names, model):
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def to_chinese(apps, schema_editor):
    rename(apps, GROUPS, apps.get_model("auth", "Group"))
    rename(apps, APPROVAL, apps.get_model("wagtailcore", "Workflow"))
    rename(apps, APPROVAL, apps.get_model("wagtailcore", "Task"))
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(title=ROOT["Root"], draft_title=ROOT["Root"])


def to_english(apps, schema_editor):
    reverse = {new: old for old, new in GROUPS.items()}
    rename(apps, reverse, apps.get_model("auth", "Group"))
    reverse = {new: old for old, new in APPROVAL.items()}
    rename(apps, reverse, apps.get_model("wagtailcore", "Workflow"))
    rename(apps, reverse, apps.get_model("wagtailcore", "Task"))
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=ROOT["Root"]).update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_p9input_text_limits"),
        # Every Wagtail migration that grants these groups permissions by their English names.
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0002_initial_data"),
        ("wagtailimages", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]
