"""Fold the full-width digits of ID numbers, phones and disability certificate numbers stored as typed.

Before ``registry.digits`` a number typed as ``４５０１…`` was stored (encrypted) and hashed as
typed, so the same person could be registered twice and searches missed them. Each stored value
is decrypted, folded and normalised as the fields now do, re-encrypted and re-hashed (the fields'
``pre_save`` does both). When an elder's folded ID number is already another elder's, the row is
left as it is and named in the output (by primary key, never by number): the two records are
the same person and must be merged by hand (状态 “重复登记已合并”), which a migration can't decide;
its other numbers are still folded.
"""

from django.db import migrations

from registry.id_numbers import normalize_id_number

FIELDS = {
    "Elder": ["id_number", "phone", "emergency_contact_phone", "first_contact_phone", "guardian_phone",
              "disability_certificate_number"],
    "HouseholdMember": ["id_number"],
}


def _folded(field, value):
    if not value:
        return value
    if field.name == "disability_certificate_number":
        return normalize_id_number(value)
    return field.to_python(value)


def fold_stored_numbers(apps, schema_editor, report=print):
    """Rewrite the rows whose numbers change when folded; returns the pks of elders left as duplicates."""
    duplicates = []
    for model_name, names in FIELDS.items():
        model = apps.get_model("registry", model_name)
        fields = [model._meta.get_field(name) for name in names]
        for row in model.objects.order_by("pk").iterator():
            changed = []
            for field in fields:
                value = getattr(row, field.attname)
                folded = _folded(field, value)
                if folded != value:
                    setattr(row, field.attname, folded)
                    changed.append(field.name)
            if not changed:
                continue
            if "id_number" in changed and model_name == "Elder":
                hash_field = model._meta.get_field("id_number_hash")
                other = model.objects.filter(id_number_hash=hash_field.hash_of(row.id_number)).exclude(pk=row.pk)
                if other.exists():
                    duplicates.append(row.pk)
                    report(f"registry.Elder pk={row.pk}: its ID number is that of pk={other.first().pk} once "
                           "folded; left unchanged. Merge the two records by hand.")
                    changed.remove("id_number")
                else:
                    changed.append("id_number_hash")
            if changed:
                row.save(update_fields=changed)
    return duplicates


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0007_census_statuses_and_visit_frequency"),
    ]

    operations = [migrations.RunPython(fold_stored_numbers, migrations.RunPython.noop)]
