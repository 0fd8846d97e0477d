"""Refold the people's search columns: core.text.fold now folds variant kanji (異体字) and IVS too.

It uses today's fold on purpose: the columns must match what search folds a query to. A later change to
fold brings its own refold migration.
"""
from django.db import migrations

from jiritsu.core.text import fold

BATCH = 2000


def refold(apps, schema_editor):
    client_model = apps.get_model("cases", "Client")
    changed = []
    rows = client_model.objects.only("family_name", "given_name", "family_name_kana", "given_name_kana",
                                     "name_folded", "kana_folded")
    for client in rows.iterator(chunk_size=BATCH):
        name, kana = fold(client.family_name + client.given_name), fold(client.family_name_kana + client.given_name_kana)
        if (name, kana) != (client.name_folded, client.kana_folded):
            client.name_folded, client.kana_folded = name, kana
            changed.append(client)
        if len(changed) >= BATCH:
            client_model.objects.bulk_update(changed, ["name_folded", "kana_folded"])
            changed = []
    client_model.objects.bulk_update(changed, ["name_folded", "kana_folded"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_handoff_mode_move_on"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
