"""The PDFs read back as text (pdftotext): the person's name and 和暦 dates are really in the file, not only
drawn, so the document can be searched, copied and checked."""
import datetime as dt
import re
import shutil
import subprocess

import pytest

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.core.wareki import format_wareki
from jiritsu.documents import pdf
from tests.factories import advance_case, new_case

pytestmark = pytest.mark.skipif(not pdf.available() or not shutil.which("pdftotext"),
                                reason="WeasyPrint, a Japanese font or pdftotext is not installed")
WAREKI = re.compile(r"令和(元|\d+)年\d{1,2}月\d{1,2}日")


def pdf_text(client, case, form) -> str:
    response = client.get(f"/print/cases/{case.pk}/{form}/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    return re.sub(r"\s+", "", text)  # layout spaces and line breaks fall between characters


@pytest.fixture
def supported(world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    services.record_progress(user=world.worker_a, case=case, occurred_on=case.received_on + dt.timedelta(days=30),
                             kind="interview", text="ハローワークに同行した")
    return case


@pytest.mark.parametrize("form", ["intake", "assessment", "plan", "progress"])
def test_each_form_pdf_carries_the_person_s_name_and_wareki_dates(client, world, supported, form):
    client.force_login(world.worker_a)
    text = pdf_text(client, supported, form)
    name = supported.client
    assert f"{name.family_name}{name.given_name}" in text
    assert WAREKI.search(text), text[:400]


def test_the_intake_pdf_shows_the_reception_day_in_wareki(client, world, supported):
    client.force_login(world.worker_a)
    text = pdf_text(client, supported, "intake")
    assert format_wareki(supported.received_on) in text
    assert supported.received_on.isoformat() not in text


def test_the_progress_pdf_shows_each_record_s_day_in_wareki(client, world, supported):
    client.force_login(world.worker_a)
    text = pdf_text(client, supported, "progress")
    assert format_wareki(supported.received_on + dt.timedelta(days=30)) in text and "ハローワークに同行した" in text
