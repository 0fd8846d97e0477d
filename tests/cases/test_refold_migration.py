"""Migration 0009 refolds the people recorded before variant kanji were folded, so search finds them."""
import importlib

from django.apps import apps

from jiritsu.cases.models import Client
from jiritsu.cases.selectors import search_cases
from tests.factories import new_case

refold = importlib.import_module("jiritsu.cases.migrations.0009_refold_client_names").refold


def test_it_refolds_names_stored_by_the_old_folding_so_search_finds_them(world):
    case = new_case(world, family_name="髙橋", kana=("タカハシ", "ハナコ"))
    untouched = new_case(world, family_name="佐藤", given_name="一郎")
    # As the old fold stored it: the variant kept as written.
    Client.objects.filter(pk=case.client_id).update(name_folded="髙橋花子", kana_folded="たかはしはなこ")
    assert not search_cases(world.worker_a, "高橋").filter(pk=case.pk).exists()

    refold(apps, None)

    assert Client.objects.get(pk=case.client_id).name_folded == "高橋花子"
    assert search_cases(world.worker_a, "高橋").filter(pk=case.pk).exists()
    assert Client.objects.get(pk=untouched.client_id).name_folded == "佐藤一郎"
