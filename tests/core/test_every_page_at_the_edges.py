"""Every page of the site, asked for with ids past any integer and hostile query values (a page number past
the end, dates before 明治 and centuries ahead, fiscal years out of the calendar, a NUL byte), answers the
page, a redirect, 404 or a refusal: never a 500. Walks the URL configuration, so a new page is covered."""
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.crashes import recording_crashes

HUGE = "99999999999999999999"
HOSTILE = {"page": HUGE, "fy": "99999", "year": "99999", "month": "9999-12", "from": "0001-01", "to": "9999-12",
           "start": "9999-12-31", "end": "0001-01-01", "date_from": "1024-04-01", "date_to": "9999-12-31",
           "on": "1800-01-01", "days": HUGE, "q": "山田\x00", "status": "\x00", "unit": "\x00", "sort": "\x00",
           "birth_date": "1024-04-01", "received_on": "9999-12-31", "assigned": HUGE, "body": HUGE}
# The API has its own fuzz run (tests/api/test_fuzz.py); the admin and sign-out are Django's.
SKIPPED = re.compile(r"^(admin/|api/|accounts/logout|bench/|static/)")


def _paths(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not SKIPPED.match(route):
            path = re.sub(r"<int:\w+>", HUGE, route)
            path = re.sub(r"<(?:slug|str|path):\w+>", "x", path)
            path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
            yield "/" + path.lstrip("^").rstrip("$")


@pytest.mark.parametrize("who", ["worker_a", "prep_staff", "policy"])
def test_no_page_answers_a_server_error_for_ids_and_values_at_the_edges(world, who):
    browser = Client(raise_request_exception=False)
    browser.force_login(getattr(world, who))
    failed = []
    with recording_crashes() as crashes:
        for path in sorted(set(_paths())):
            response = browser.get(path, HOSTILE)
            if response.status_code >= 500:
                failed.append(f"{path}: {response.status_code}\n{crashes[-1] if crashes else ''}")
    assert not failed, "\n".join(failed)
