"""The ministry's 目安値 from DOMAIN.md section 9 (per 100,000 population per month)."""
from django.db import migrations

TARGETS = {
    "new_consultations": {2015: "20", 2016: "22", 2017: "24"},
    "plans": {2015: "10", 2016: "11", 2017: "12"},
    "work_support": {2015: "6", 2016: "7", 2017: "7"},
}


def seed(apps, schema_editor):
    SurveyTarget = apps.get_model("stats", "SurveyTarget")
    for item, by_year in TARGETS.items():
        for fy, value in by_year.items():
            SurveyTarget.objects.update_or_create(item=item, fiscal_year=fy, defaults={"value": value})


def unseed(apps, schema_editor):
    apps.get_model("stats", "SurveyTarget").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
