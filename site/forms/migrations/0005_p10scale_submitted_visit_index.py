from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('visit_forms', '0004_proposed_changes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='visitrecord',
            index=models.Index(condition=models.Q(('status', 'submitted')), fields=['elder', 'visit_date'],
                               name='visit_forms_submitted_by_date'),
        ),
    ]
