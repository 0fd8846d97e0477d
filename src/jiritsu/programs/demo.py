"""Demo agreements (協定) and contracts for Ibaraki, so that demo hand-offs are covered.

Who joins: every body recorded as implementing the program in any year (the seed's history), plus the
bodies that carry demo cases. Agreements run from R3 (the seed's joint contracts started after the R2
検討会) to the end of the current fiscal year; each provider holds one contract per fiscal year covering
the bodies that joined its programs. Idempotent: existing rows are left as they are.
"""
import datetime as dt

from jiritsu.core.wareki import fiscal_year, fiscal_year_bounds, format_fiscal_year
from jiritsu.orgs.models import Body, Organisation

from .agreements import save_agreement, save_contract
from .catalog import HANDOFF_PROGRAMS
from .models import Agreement, Contract, Participation

FIRST_FY = 2021
YEARLY_AMOUNT = 12_000_000  # per program and year, demo figure
DATA_SHARING_TEXT = ("甲（県）及び乙（市）は、本事業の実施に必要な範囲で、本人の同意を得て、相談者の個人情報を"
                     "受託事業者と共有する。受託事業者は契約終了時に個人情報を返還又は消去する。")


def load_demo_agreements(*, providers: list[Organisation], case_bodies: list[str], today: dt.date) -> None:
    first, last = min(FIRST_FY, fiscal_year(today) - 2), fiscal_year(today)
    term_from, term_to = fiscal_year_bounds(first)[0], fiscal_year_bounds(last)[1]
    joined: dict[str, list[Body]] = {}
    for program in HANDOFF_PROGRAMS:
        codes = set(Participation.objects.filter(program=program).values_list("body__code", flat=True))
        joined[program] = list(Body.objects.filter(code__in=codes | set(case_bodies)).order_by("code"))
        for body in joined[program]:
            if not Agreement.objects.filter(body=body, program=program).exists():
                save_agreement(user=None, body=body, program=program, term_from=term_from, term_to=term_to,
                               signed_on=term_from - dt.timedelta(days=20), data_sharing=True,
                               data_sharing_text=DATA_SHARING_TEXT)
    for provider in providers:
        bodies = sorted({b for p in provider.programs for b in joined.get(p, [])}, key=lambda b: b.code)
        for fy in range(first, last + 1):
            title = f"{format_fiscal_year(fy, short=False)} {provider.name} 広域実施委託契約"
            if bodies and not Contract.objects.filter(provider=provider, title=title).exists():
                start, end = fiscal_year_bounds(fy)
                save_contract(user=None, provider=provider, title=title, programs=provider.programs,
                              term_from=start, term_to=end, amount=YEARLY_AMOUNT * len(provider.programs),
                              bodies=bodies)
