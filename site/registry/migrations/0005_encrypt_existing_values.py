"""Encrypt the ID numbers and phones already stored in plaintext, and fill the lookup hash.

Uses the keys from settings (TANFANG_FIELD_ENCRYPTION_KEYS, TANFANG_LOOKUP_HASH_KEY) and works
on raw column values, so it is also safe to run on rows already encrypted (they are left alone
unless under an old key). An empty database passes straight through.
"""

from django.db import migrations

from registry.crypto import decrypt, is_token, reencrypt_table
from registry.id_numbers import normalize_id_number

ENCRYPTED_FIELDS = {
    "Elder": ["id_number", "phone", "disability_certificate_number", "emergency_contact_phone",
              "first_contact_phone", "guardian_phone"],
    "HouseholdMember": ["id_number"],
}
HASHES = {"Elder": {"id_number_hash": ("id_number", normalize_id_number)}}


def _tables(apps):
    for model_name, field_names in ENCRYPTED_FIELDS.items():
        model = apps.get_model("registry", model_name)
        columns = [model._meta.get_field(name).column for name in field_names]
        hashes = {model._meta.get_field(hash_name).column: (model._meta.get_field(source).column, normalize)
                  for hash_name, (source, normalize) in HASHES.get(model_name, {}).items()}
        yield model._meta.db_table, model._meta.pk.column, columns, hashes


def encrypt_existing_values(apps, schema_editor):
    for table, pk_column, columns, hashes in _tables(apps):
        reencrypt_table(schema_editor.connection, table, pk_column, columns, hash_sources=hashes)


def decrypt_to_plaintext(apps, schema_editor):
    """Backwards: plaintext again, so that reversing 0004 can narrow the columns back."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for table, pk_column, columns, _hashes in _tables(apps):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote(pk_column)}, {', '.join(map(quote, columns))} FROM {quote(table)}")
            for pk, *values in cursor.fetchall():
                assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
                plain = [decrypt(value) if is_token(value) else value for value in values]
                cursor.execute(f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk_column)} = %s", [*plain, pk])


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_encrypted_personal_numbers"),
    ]

    operations = [migrations.RunPython(encrypt_existing_values, decrypt_to_plaintext)]
