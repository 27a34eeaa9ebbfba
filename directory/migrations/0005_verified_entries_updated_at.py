# The last write of each directory entry (issue 13): data·inclusion's `date_maj` for an
# entry never verified, instead of today's date. Existing rows keep NULL: nothing invented.

from django.db import migrations, models


def _field():
    return models.DateTimeField(auto_now=True, editable=False, null=True, verbose_name="modifié le")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_external_ids_and_error_reports"),
    ]

    operations = [
        migrations.AddField(model_name=model, name="updated_at", field=_field())
        for model in (
            "contact",
            "coordinationinstance",
            "organisation",
            "psychiatricsector",
            "service",
        )
    ]
