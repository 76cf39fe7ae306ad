"""ID numbers and phones become encrypted text columns; the ID number's keyed hash gets a column.

The hash column starts nullable and without its unique constraint: 0005 fills it (and encrypts
the existing values), 0006 makes it unique and required. The plaintext unique index on
``id_number`` goes: a token differs every time, so only the hash can be unique.
"""

import registry.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0003_elder_visit_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="elder",
            name="id_number_hash",
            field=registry.fields.LookupHashField(editable=False, null=True, source="id_number",
                                                  verbose_name="公民身份号码查询摘要"),
        ),
        migrations.AlterField(
            model_name="elder",
            name="id_number",
            field=registry.fields.EncryptedIdNumberField(max_length=18, verbose_name="公民身份号码"),
        ),
        migrations.AlterField(
            model_name="elder",
            name="phone",
            field=registry.fields.EncryptedPhoneNumberField(blank=True, max_length=24, verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="elder",
            name="disability_certificate_number",
            field=registry.fields.EncryptedCharField(blank=True, help_text="20位：本人公民身份号码加残疾类别、等级各1位",
                                                     max_length=20, verbose_name="残疾人证号"),
        ),
        migrations.AlterField(
            model_name="elder",
            name="emergency_contact_phone",
            field=registry.fields.EncryptedPhoneNumberField(max_length=24, verbose_name="紧急联系人电话"),
        ),
        migrations.AlterField(
            model_name="elder",
            name="first_contact_phone",
            field=registry.fields.EncryptedPhoneNumberField(max_length=24, verbose_name="第一探访联系人电话"),
        ),
        migrations.AlterField(
            model_name="elder",
            name="guardian_phone",
            field=registry.fields.EncryptedPhoneNumberField(blank=True, max_length=24, verbose_name="监护人电话"),
        ),
        migrations.AlterField(
            model_name="householdmember",
            name="id_number",
            field=registry.fields.EncryptedIdNumberField(blank=True, max_length=18, verbose_name="公民身份号码"),
        ),
    ]
