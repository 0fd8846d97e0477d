"""An application belongs to a person (cases.Client) and may stand without a case: the person of each
existing application is its case's, and one open application per person replaces one per case."""
import django.db.models.deletion
from django.db import migrations, models


def person_of_the_case(apps, schema_editor):
    Application = apps.get_model("housing", "Application")
    for application in Application.objects.select_related("case").only("pk", "case__client_id").iterator():
        Application.objects.filter(pk=application.pk).update(client_id=application.case.client_id)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0012_handoff_report_every_days"),
        ("housing", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="application", name="housing_one_open_application"),
        migrations.AddField(
            model_name="application", name="client",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="housing_applications", to="cases.client"),
        ),
        migrations.RunPython(person_of_the_case, migrations.RunPython.noop),
    ]
