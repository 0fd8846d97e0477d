"""?format=pdf: the same A4 form as a PDF (WeasyPrint) with a Japanese font embedded."""
import re

import pytest

from jiritsu.audit.models import AccessLog
from jiritsu.cases.choices import Status
from jiritsu.documents import pdf
from tests.factories import advance_case, new_case

needs_pdf = pytest.mark.skipif(not pdf.available(), reason="WeasyPrint or a Japanese font is not installed")


@needs_pdf
def test_it_downloads_the_plan_as_a_pdf_and_records_it(client, world):
    case = advance_case(world, new_case(world), Status.IN_SUPPORT)
    client.force_login(world.worker_a)
    html = client.get(f"/print/cases/{case.pk}/plan/").content.decode()
    assert f"/print/cases/{case.pk}/plan/?format=pdf" in html
    response = client.get(f"/print/cases/{case.pk}/plan/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"plan-08202-{case.case_number}.pdf" in response["Content-Disposition"]  # numbers are per body
    assert AccessLog.objects.filter(case_id=case.pk, action="print", what__endswith="（PDF）").exists()


@needs_pdf
def test_it_embeds_a_japanese_font_in_the_pdf(client, world):
    html = '<html lang="ja"><body><style>' + pdf.print_css() + "</style><h1>相談受付・申込票 令和6年</h1></body></html>"
    document = pdf.render_pdf(html, uncompressed=True)
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", document))
    assert any(b"IPAex" in f or b"CJK" in f for f in fonts), fonts


def test_it_hides_the_pdf_like_the_page_from_users_outside_the_scope(client, world):
    case = new_case(world)
    client.force_login(world.worker_b)
    assert client.get(f"/print/cases/{case.pk}/intake/?format=pdf").status_code == 404
    assert not AccessLog.objects.filter(case_id=case.pk, action="print").exists()


def test_it_falls_back_to_the_print_page_where_pdf_cannot_be_made(client, world, monkeypatch):
    monkeypatch.setattr(pdf, "available", lambda: False)
    case = new_case(world)
    client.force_login(world.worker_a)
    response = client.get(f"/print/cases/{case.pk}/intake/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "PDFを作成できません" in page and "PDFで保存" not in page and "data-print" in page
    assert AccessLog.objects.filter(case_id=case.pk, action="print", what="相談受付・申込票を印刷").exists()
