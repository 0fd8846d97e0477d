from django.db import migrations, models
from django.db.models import Exists, OuterRef


def end_matches_of_cases_no_longer_shared(apps, schema_editor):
    """Matches kept running after their case closed or its consent was withdrawn (before cases.sharing ended
    them) end now, so the developer stops seeing those people."""
    Match, Consent = apps.get_model("placements", "Match"), apps.get_model("cases", "Consent")
    active = Match.objects.filter(status__in=["proposed", "confirmed"])
    consent = Consent.objects.filter(case=OuterRef("profile__case"), withdrawn_on__isnull=True)
    for reason, matches in (("ケース終結", active.filter(profile__case__closed_on__isnull=False)),
                            ("本人同意の撤回", active.filter(~Exists(consent)))):
        for match in matches.select_related("profile__case"):
            confirmed = match.status == "confirmed"
            match.status = "ended" if confirmed else "withdrawn"
            match.ended_on = (match.profile.case.closed_on or match.decided_at.date()) if confirmed else None
            match.end_reason, match.version = reason, match.version + 1
            match.save(update_fields=["status", "ended_on", "end_reason", "version"])
            match.profile.status = "closed"
            match.profile.save(update_fields=["status"])


class Migration(migrations.Migration):

    dependencies = [
        ('placements', '0002_profiles_matches_tours'),
    ]

    operations = [
        migrations.AddField(
            model_name='match',
            name='end_reason',
            field=models.CharField(blank=True, max_length=40, verbose_name='終了の理由'),
        ),
        migrations.RunPython(end_matches_of_cases_no_longer_shared, migrations.RunPython.noop),
    ]
