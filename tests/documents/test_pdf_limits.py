"""PDFs at the edges: every free-text field at its maximum prints in seconds, the signature block shares its
page with the section it signs, and the header names the body and its agency once."""
import datetime as dt
import shutil
import subprocess
import time

import pytest

from jiritsu.cases import services
from jiritsu.cases.choices import Status
from jiritsu.cases.models import Assessment, Case, Evaluation, Plan, ProgressRecord
from jiritsu.core.text import names_line
from jiritsu.documents import pdf
from tests.factories import advance_case, make_user, new_case

pytestmark = pytest.mark.skipif(not pdf.available() or not shutil.which("pdftotext"),
                                reason="WeasyPrint, a Japanese font or pdftotext is not installed")
MAX_TEXT = 10_000  # the API's limit for a text field (cases.schemas.Text)
SECONDS = 20  # generous: the forms print in a few seconds on a loaded two-core machine


def long_text(n: int = MAX_TEXT) -> str:
    line = "家賃の支払いが難しく、生活費も足りないため、食料の支援と家計の見直しを相談した。\n"
    return (line * (n // len(line) + 1))[:n]


def pages(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"], input=response.content,
                          capture_output=True, check=True).stdout.decode()
    return [page for page in text.split("\f") if page.strip()]


def squeezed(text: str) -> str:
    return "".join(text.split())


def full_case(world, *, every_field: bool):
    """A case whose free-text fields hold the most they may: one per form, or every one of them."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    Case.objects.filter(pk=case.pk).update(consultation_note=long_text())
    assessment_fields = ("household", "health", "work_school", "income", "assets_debts", "benefits", "background",
                         "summary")
    plan_fields = ("wishes", "problems", "support_content", "points_to_watch")
    Assessment.objects.filter(case=case).update(**{f: long_text() for f in assessment_fields[:None if every_field else 1]})
    Plan.objects.filter(case=case).update(**{f: long_text() for f in plan_fields[:None if every_field else 1]})
    services.record_progress(user=world.worker_a, case=case, occurred_on=case.received_on + dt.timedelta(days=30),
                             kind="interview", text="初回")
    ProgressRecord.objects.filter(case=case).update(text=long_text())
    return case


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Import WeasyPrint and load the fonts before anything is timed: a process pays that once, not per form."""
    pdf.render_pdf('<html lang="ja"><body><p>準備</p></body></html>')


def timed_pdf(client, case, form) -> tuple[float, list[str]]:
    started = time.monotonic()
    response = client.get(f"/print/cases/{case.pk}/{form}/?format=pdf")
    seconds = time.monotonic() - started
    print(f"\n{form}: {seconds:.1f} s")  # noqa: T201 - the measured time, for the report
    return seconds, pages(response)


@pytest.mark.parametrize("form", ["intake", "assessment", "plan", "progress"])
def test_a_form_with_a_text_at_its_maximum_prints_within_seconds(client, world, form):
    case = full_case(world, every_field=False)
    client.force_login(world.worker_a)
    seconds, printed = timed_pdf(client, case, form)
    assert seconds < SECONDS
    assert squeezed(long_text())[-40:] in squeezed("".join(printed))  # the whole text, to its last line


@pytest.mark.parametrize("form", ["assessment", "plan"])
def test_a_form_with_every_text_at_its_maximum_still_prints(client, world, form):
    """Eight assessment items of 10,000 characters each (80,000 in all, some 30 pages) within a minute."""
    case = full_case(world, every_field=True)
    client.force_login(world.worker_a)
    seconds, printed = timed_pdf(client, case, form)
    assert seconds < 3 * SECONDS and len(printed) > 8


def test_an_evaluation_note_at_its_maximum_prints_within_seconds(client, world):
    case = full_case(world, every_field=False)
    evaluation = services.record_evaluation(user=world.worker_a, case=case,
                                            evaluated_on=case.received_on + dt.timedelta(days=90),
                                            goals_achieved="就職した", decision="close")
    Evaluation.objects.filter(pk=evaluation.pk).update(goals_achieved=long_text())
    client.force_login(world.worker_a)
    seconds, printed = timed_pdf(client, case, "evaluation")
    assert seconds < SECONDS and squeezed(long_text())[-40:] in squeezed("".join(printed))


# Lines of 支援の種類・内容 around the length that, before the fix, left the signature alone on page 3.
@pytest.mark.parametrize("lines", [50, 54, 56, 58, 62])
def test_the_plans_signature_block_never_stands_alone_on_a_page(client, world, lines):
    """Whatever the plan's length, the page with 本人署名 also holds the section it signs."""
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    Plan.objects.filter(case=case).update(support_content="家賃の支払いが難しく、生活費も足りないため、食料の支援を相談した。\n" * lines)
    client.force_login(world.worker_a)
    signed = [page for page in pages(client.get(f"/print/cases/{case.pk}/plan/?format=pdf")) if "本人署名" in page]
    assert len(signed) == 1
    page = squeezed(signed[0])
    assert "支援調整会議・支援決定" in page and "上記のプランの内容に同意し" in page


@pytest.mark.parametrize("length", [1500, 2500, 3500])
def test_the_intakes_signature_block_shares_its_page_with_the_consent(client, world, length):
    case = advance_case(world, new_case(world), Status.APPLIED)
    Case.objects.filter(pk=case.pk).update(consultation_note=long_text(length))
    client.force_login(world.worker_a)
    signed = [page for page in pages(client.get(f"/print/cases/{case.pk}/intake/?format=pdf")) if "本人署名" in page]
    assert len(signed) == 1 and "利用申込・本人同意" in squeezed(signed[0])


def test_the_header_names_the_city_once(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)  # agency: 日立市自立相談支援機関
    client.force_login(world.worker_a)
    header = squeezed(pages(client.get(f"/print/cases/{case.pk}/plan/?format=pdf"))[0].splitlines()[0])
    assert "日立市自立相談支援機関" in header and header.count("日立市") == 1


def test_a_providers_staff_member_named_after_it_is_printed_once_as_the_author(client, world, today):
    staff = make_user("prep_named", world.prep_provider, "provider_staff", name=f"{world.prep_provider.name} 職員")
    case = advance_case(world, new_case(world), Status.ASSESSED)
    services.start_temporary_use(user=world.worker_a, case=case, provider=world.prep_provider,
                                 program="employment_prep", started_on=today, reason="早期の支援")
    services.record_progress(user=staff, case=case, occurred_on=today, kind="interview", text="面談した")
    client.force_login(world.worker_a)
    text = squeezed("".join(pages(client.get(f"/print/cases/{case.pk}/progress/?format=pdf"))))
    assert text.count(squeezed(world.prep_provider.name)) == 1


def test_names_line_leaves_out_a_name_the_next_begins_with():
    assert names_line("水戸市", "水戸市 自立相談支援機関") == "水戸市 自立相談支援機関"
    assert names_line("県（町村部）", "県北 自立相談支援機関") == "県（町村部）　県北 自立相談支援機関"
    assert names_line("", "水戸市 自立相談支援機関") == "水戸市 自立相談支援機関"
