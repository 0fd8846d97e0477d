"""Every answer carries a strict Content-Security-Policy (no inline script or style anywhere in the
templates: the app's scripts are static files), and every answer that can carry personal data (case page,
JSON, CSV, PDF) `Cache-Control: no-store`."""
import re
from pathlib import Path

import pytest

import jiritsu
from jiritsu.api.models import ApiToken
from jiritsu.documents import pdf
from tests.factories import new_case

TEMPLATES = sorted(Path(jiritsu.__file__).parent.rglob("templates/**/*.html"))
# Script elements that run (a JSON data block does not), inline event handlers, javascript: links, style.
INLINE = re.compile(r"<script(?![^>]*\b(src=|type=\"application/json\"))|\son[a-z]+\s*=|javascript:|\sstyle=\"",
                    re.IGNORECASE)


def test_it_finds_no_inline_script_or_style_in_any_template():
    assert len(TEMPLATES) > 100
    offenders = [f"{p.relative_to(Path(jiritsu.__file__).parent)}: {m.group(0)}"
                 for p in TEMPLATES for m in INLINE.finditer(p.read_text())]
    assert offenders == []


def test_it_sends_a_strict_content_security_policy(client, world):
    client.force_login(world.worker_a)
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def _no_store(response):
    assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]


def test_it_forbids_storing_the_case_page_the_json_and_the_csv(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    _no_store(client.get(f"/cases/{case.pk}/"))
    _no_store(client.get(f"/api/cases/{case.pk}"))
    _, raw = ApiToken.issue(user=world.worker_a, label="連携")
    _no_store(client.get(f"/api/cases/{case.pk}", headers={"Authorization": f"Bearer {raw}"}))
    client.force_login(world.chief_a)
    _no_store(client.get("/audit/export.csv"))


@pytest.mark.skipif(not pdf.available(), reason="WeasyPrint or a Japanese font is missing")
def test_it_forbids_storing_a_pdf_form(client, world):
    case = new_case(world)
    client.force_login(world.worker_a)
    response = client.get(f"/print/cases/{case.pk}/intake/", {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _no_store(response)


def test_it_lets_the_api_docs_bundled_assets_be_cached(client):
    response = client.get("/api/docs/assets/swagger-ui.css")
    assert response.headers["Cache-Control"] == "public, max-age=86400"
