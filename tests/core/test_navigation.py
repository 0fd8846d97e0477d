"""The header menu offers each user exactly the pages their role may use."""
import re

import pytest
from django.test import Client


def _menu(user) -> list[str]:
    client = Client()
    client.force_login(user)
    html = client.get("/", follow=True).content.decode()  # the prefecture's 今日の業務 leads to 県の概況
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', nav)


@pytest.mark.django_db
def test_a_support_worker_is_offered_case_pages_and_the_prefecture_its_statistics_without_cases(world):
    worker, policy, admin = _menu(world.worker_a), _menu(world.policy), _menu(world.admin_a)
    assert {"今日の業務", "ケース検索", "新規相談受付"} <= set(worker)
    assert "職員管理" not in worker and "職員管理" in admin
    assert "支援状況調査" in policy
    assert not {"ケース検索", "新規相談受付"} & set(policy)


@pytest.mark.django_db
def test_each_user_sees_their_own_menu_when_roles_take_turns(world):
    """Menus are built once per distinct menu and kept: one user's never shows up in another's page."""
    first = _menu(world.worker_a)
    assert _menu(world.policy) != first
    assert _menu(world.worker_a) == first
