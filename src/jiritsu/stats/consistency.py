"""Do the prefecture's records of a fiscal year tell one story? (issue 19, item 3)

Participation, agreements (協定), contracts, hand-offs, phases and the demand estimate are each read by their own
page; all of them must agree with `programs.standing` (who is in which program that year):
- every hand-off started in the year goes to a program its body is in that year, under a 協定 in force on its
  day and a contract of its provider covering the body on its day (programs.coverage's rule, checked again
  here for records that did not come through the hand-off form);
- a year nothing is recorded for is read from the 協定 in force: every member is in the program, by 広域委託;
- every body in a program by 広域委託 in a year a contract for it exists is covered by one;
- the phase of every body not given one by the prefecture is 準備期 exactly when it is not in the program;
- the demand estimate lists exactly the bodies not in the program (in the year it reads).
Each finding is a sentence in Japanese for the page that shows it. Counts and names of bodies only.
"""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from jiritsu.cases.models import Handoff
from jiritsu.core.wareki import fiscal_year_bounds, format_fiscal_year, format_wareki
from jiritsu.orgs.models import Body
from jiritsu.outreach.models import Phase
from jiritsu.outreach.selectors import phase_matrix
from jiritsu.programs.catalog import HANDOFF_PROGRAMS, Program
from jiritsu.programs.coverage import Coverage
from jiritsu.programs.models import Contract
from jiritsu.programs.standing import agreement_members, implementing

from .demand import NEEDS, demand


@dataclass(frozen=True)
class Finding:
    program: str
    body: str  # the body's name ("" when the finding is about the program as a whole)
    text: str

    def __str__(self) -> str:
        return f"{Program(self.program).label}：{self.body + '：' if self.body else ''}{self.text}"


def handoffs_without_standing(prefecture, fy: int) -> list[Finding]:
    """Hand-offs started in the year to a program their body is not in that year (one query for the counts)."""
    start, end = fiscal_year_bounds(fy)
    bodies = {b.pk: b for b in Body.objects.filter(prefecture=prefecture)}
    known = implementing(list(bodies))
    counts = (Handoff.objects.filter(case__body_id__in=list(bodies), program__in=HANDOFF_PROGRAMS,
                                     started_on__gte=start, started_on__lte=end)
              .values("case__body_id", "program").annotate(n=Count("pk")).order_by("case__body_id", "program"))
    return [Finding(r["program"], bodies[r["case__body_id"]].name,
                    f"{format_fiscal_year(fy)}に事業を実施していない（実施状況の記録・協定のいずれにもない）のに、"
                    f"その年度に始まった引継ぎが{r['n']}件あります。")
            for r in counts if r["case__body_id"] not in known.bodies(r["program"], fy)]


def _handoffs_off_rule(prefecture, fy: int) -> list[Finding]:
    start, end = fiscal_year_bounds(fy)
    found, coverage = [], {}
    for h in (Handoff.objects.filter(case__body__prefecture=prefecture, program__in=HANDOFF_PROGRAMS,
                                     started_on__gte=start, started_on__lte=end)
              .select_related("case__body", "provider").order_by("started_on", "pk")):
        body = h.case.body
        if body.pk not in coverage:
            coverage[body.pk] = Coverage.of(body)
        refusal = coverage[body.pk].refusal(h.provider, h.program, h.started_on)
        if refusal is not None:
            found.append(Finding(h.program, body.name, f"{format_wareki(h.started_on)}の引継ぎ：{refusal.message}"))
    return found


def _contracts(program: str, fy: int) -> tuple[bool, set[int]]:
    """Whether any contract for the program runs in the year, and the bodies they cover."""
    start, end = fiscal_year_bounds(fy)
    contracts = [c for c in Contract.objects.filter(term_from__lte=end, term_to__gte=start).prefetch_related("bodies")
                 if program in c.programs]
    return bool(contracts), {b.pk for c in contracts for b in c.bodies.all()}


def check(prefecture, fy: int, today: dt.date) -> list[Finding]:
    """Every contradiction between the year's records (empty when they tell one story)."""
    bodies = list(Body.active_in_fiscal_year(fy).filter(prefecture=prefecture).order_by("code"))
    names = {b.pk: b.name for b in bodies}
    known = implementing([b.pk for b in bodies])
    found = handoffs_without_standing(prefecture, fy) + _handoffs_off_rule(prefecture, fy)
    matrix = phase_matrix(bodies, fy)
    for program in HANDOFF_PROGRAMS:
        p = program.value
        standing = known.bodies(p, fy)
        if not known.is_recorded(p, fy):
            for body_id in sorted(agreement_members(p, fy) & set(names)):
                if body_id not in known.joint(p, fy):
                    found.append(Finding(p, names[body_id], "協定が効力を持つ年度なのに、広域委託で実施していないことになっています。"))
        any_contract, covered = _contracts(p, fy)
        if any_contract:
            for body_id in sorted(known.joint(p, fy) - covered):
                found.append(Finding(p, names.get(body_id, str(body_id)),
                                     "広域委託で実施しているのに、その年度の委託契約の対象になっていません。"))
        for body, cells in matrix:
            cell = next(c for c in cells if c.program == p)
            if cell.recorded is None and (cell.phase == Phase.PREPARATION) != (body.pk not in standing):
                found.append(Finding(p, body.name, f"段階（{cell.phase_label}）が実施状況と合っていません。"))
        if program in NEEDS:
            as_of = min(today, fiscal_year_bounds(fy)[1])
            estimate = demand(prefecture=prefecture, program=program, as_of=as_of, fy=fy)
            expected = {b.pk for b in bodies} - set(standing) if estimate.participation_fy == fy else None
            listed = {r.body.pk for r in estimate.rows}
            if expected is not None and listed != expected:
                found.append(Finding(p, "", f"需要の見込みの対象（{len(listed)}団体）が、実施していない団体"
                                            f"（{len(expected)}団体）と一致しません。"))
            if estimate.participation_fy == fy and estimate.implementing != len(standing):
                found.append(Finding(p, "", f"需要の見込みが数える実施団体（{estimate.implementing}）が、実施状況"
                                            f"（{len(standing)}）と一致しません。"))
    return found


def years_with_records(up_to: int) -> list[int]:
    """Every fiscal year from the first any body implemented a program up to `up_to`."""
    years = implementing().years()
    return list(range(years[0], up_to + 1)) if years else []

