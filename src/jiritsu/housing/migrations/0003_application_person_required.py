"""The person of every application is known (0002): required from now on; the case is optional."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("housing", "0002_applicants_without_a_case"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application", name="client",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="housing_applications", to="cases.client"),
        ),
        migrations.AlterField(
            model_name="application", name="case",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="housing_applications", to="cases.case"),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(condition=models.Q(("status__in", ["applied", "granted"])),
                                               fields=("client",), name="housing_one_open_application_a_person"),
        ),
    ]
