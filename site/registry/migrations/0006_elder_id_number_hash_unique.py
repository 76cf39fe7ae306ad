"""One person, one record in the province, enforced on the keyed hash of the ID number."""

import registry.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0005_encrypt_existing_values"),
    ]

    operations = [
        migrations.AlterField(
            model_name="elder",
            name="id_number_hash",
            field=registry.fields.LookupHashField(editable=False, source="id_number", unique=True,
                                                  verbose_name="公民身份号码查询摘要"),
        ),
    ]
