"""Apportioning a contract amount among participating bodies (specs/cost-share.md).

Exact integer arithmetic throughout (Fractions, never floats):
1. Each component's pot is floor(amount × weight ÷ 100); the yen left over go to the component with
   the largest weight (the first listed on a tie).
2. Within a component each body gets floor(pot × basis ÷ total basis); the yen left over go one by
   one to the bodies with the largest fractional parts (ties: lower body code first).
So the shares always add up to the amount exactly.

Participants: the bodies implementing the program by 広域委託 in the fiscal year under the one rule of
`standing.implementing` (the year's records, or the 協定 in force when nothing is recorded for the year),
and, when 協定 are recorded for the program in that year, only those holding one.

Bases: 均等割 1 per body; 人口割 the census population of the body's municipalities; 利用実績割 the
number of distinct cases of the body handed off to a provider for the program with the hand-off
starting in the fiscal year, and for 一時生活支援 the bed-nights (泊) of the body's stays in the year,
falling back to the hand-off counts when no participant has a bed-night that year;
利用実績割(前年度) the same for the previous fiscal year; 定率 the percentages given with --ratios.
"""
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db.models import Count

from jiritsu.cases.models import Handoff
from jiritsu.core.wareki import fiscal_year_bounds, format_fiscal_year
from jiritsu.orgs.models import Body, normalise_body_code
from jiritsu.programs.catalog import Program
from jiritsu.programs.implementation import round_half_up
from jiritsu.programs.models import Participation
from jiritsu.programs.standing import AGREEMENT, agreement_members, implementing
from jiritsu.shelter.usage import bed_nights_by_body


class CostShareError(ValueError):
    """Bad input or an impossible apportionment; the message (Japanese) is for the user, `field` names the
    input at fault (key, ratios, amount) or is None."""

    def __init__(self, message: str, field: str | None = "key"):
        super().__init__(message)
        self.field = field


EQUAL, POPULATION, USE, USE_PREVIOUS, FIXED = "均等割", "人口割", "利用実績割", "利用実績割(前年度)", "定率"
COMPONENTS = (EQUAL, POPULATION, USE, USE_PREVIOUS, FIXED)
BASIS_UNITS = {EQUAL: "団体", POPULATION: "人", USE: "件", USE_PREVIOUS: "件", FIXED: "%"}
BED_NIGHTS, HANDOFFS = "泊", "件"  # the two units of 利用実績割

# National subsidy rate for a body's own cost (DOMAIN.md section 4).
SUBSIDY_RATES = {
    Program.EMPLOYMENT_PREP: Fraction(2, 3),
    Program.HOUSEHOLD_BUDGET: Fraction(2, 3),  # 1/2 unless the body also runs 就労準備支援 that year
    Program.TEMPORARY_SHELTER: Fraction(2, 3),
    Program.COMMUNITY_LIVING: Fraction(2, 3),
    Program.CHILD_LEARNING: Fraction(1, 2),
    Program.HOUSING_BENEFIT: Fraction(3, 4),
}
HOUSEHOLD_BUDGET_ALONE = Fraction(1, 2)


@dataclass(frozen=True)
class Component:
    name: str
    weight: int


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def parse_key(text: str) -> list[Component]:
    """`均等割:70,人口割:30` → components. Integer weights ≥ 1 summing to 100, no repeats."""
    s = _nfkc(text)
    if not s:
        raise CostShareError("按分キーを「均等割:70,人口割:30」のように入力してください。")
    components = []
    for part in s.replace("、", ",").split(","):
        part = part.strip()
        name, sep, weight_text = part.rpartition(":")
        name, weight_text = name.strip(), weight_text.strip().removesuffix("%")
        if not sep or not name:
            raise CostShareError(f"「{part}」は「要素:重み」の形ではありません（例: 均等割:70）。")
        if name not in COMPONENTS:
            raise CostShareError(f"「{name}」は按分の要素として認識できません。使える要素: {'、'.join(COMPONENTS)}")
        if not weight_text.isdigit() or int(weight_text) < 1:
            raise CostShareError(f"「{part}」の重みは1以上の整数で入力してください。")
        if any(c.name == name for c in components):
            raise CostShareError(f"要素「{name}」が2回指定されています。")
        components.append(Component(name, int(weight_text)))
    total = sum(c.weight for c in components)
    if total != 100:
        raise CostShareError(f"重みの合計が {total} です。合計が100になるように指定してください。")
    return components


def parse_ratios(text: str) -> dict[str, Fraction]:
    """`08201=40,08202=60` (5 or 6 digit codes, percentages, decimals allowed) → {code5: percent}."""
    ratios: dict[str, Fraction] = {}
    for part in _nfkc(text).replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        code_text, sep, value_text = part.partition("=")
        if not sep:
            raise CostShareError(f"定率「{part}」は「団体コード=割合」の形で入力してください（例: 08201=40）。", "ratios")
        try:
            code = normalise_body_code(code_text)
        except ValueError as exc:
            raise CostShareError(str(exc), "ratios") from None
        try:
            value = Fraction(Decimal(value_text.strip().removesuffix("%")))
        except (InvalidOperation, ValueError):
            raise CostShareError(f"定率「{part}」の割合は数値で入力してください。", "ratios") from None
        if value < 0:
            raise CostShareError(f"定率「{part}」の割合が負の数です。", "ratios")
        if code in ratios:
            raise CostShareError(f"定率で団体コード「{code}」が2回指定されています。", "ratios")
        ratios[code] = value
    if not ratios:
        raise CostShareError("定率を含む按分キーには --ratios で各団体の割合を指定してください（例: 08201=40,08202=60）。", "ratios")
    if sum(ratios.values()) != 100:
        raise CostShareError(f"定率の割合の合計が {_fraction_text(sum(ratios.values()))} です。合計を100にしてください。", "ratios")
    return ratios


def _fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(Decimal(value.numerator) / value.denominator)


# ---- the arithmetic ----

def split_pots(amount: int, components: list[Component]) -> list[int]:
    """floor(amount × weight ÷ 100) each; the leftover yen to the largest weight (first on a tie)."""
    pots = [amount * c.weight // 100 for c in components]
    largest = max(range(len(components)), key=lambda i: (components[i].weight, -i))
    pots[largest] += amount - sum(pots)
    return pots


def apportion(pot: int, bases: list[tuple[str, Fraction]]) -> dict[str, int]:
    """Largest-remainder split of `pot` yen in proportion to bases; bases are (body code, basis)."""
    total = sum(b for _, b in bases)
    if total <= 0:
        raise CostShareError("按分の基礎がすべて0です。")
    exact = {code: Fraction(pot) * Fraction(b) / total for code, b in bases}
    shares = {code: int(v.numerator // v.denominator) for code, v in exact.items()}
    leftover = pot - sum(shares.values())
    by_fraction = sorted(exact, key=lambda code: (-(exact[code] - shares[code]), code))
    for code in by_fraction[:leftover]:
        shares[code] += 1
    return shares


# ---- the bases ----

@dataclass
class Participants:
    bodies: list[Body]
    basis: str  # who they are, in a sentence for the page


def participants(program: str, fy: int) -> Participants:
    """The bodies sharing the prefecture's joint contract for the program that year (module docstring)."""
    known = implementing()
    joint = known.joint(program, fy)
    members = agreement_members(program, fy)
    year, label = format_fiscal_year(fy, short=False), Program(program).label
    if not known.is_recorded(program, fy) and any(
            s.source == AGREEMENT for s in known.bodies(program, fy).values()):
        basis = f"{year}の{label}の実施状況が記録されていないため、{year}に効力のある協定を締結している団体"
    elif members:
        basis = f"{year}に{label}を広域委託で実施した団体（実施状況の記録）のうち、協定を締結している団体"
        joint &= members
    else:
        basis = f"{year}に{label}を広域委託で実施した団体（実施状況の記録）"
    return Participants(list(Body.objects.filter(pk__in=joint).order_by("code")), basis)


def handoff_counts(bodies: list[Body], program: str, fy: int) -> dict[str, int]:
    """Distinct cases of each body handed off to a provider for the program, hand-off started in the FY."""
    start, end = fiscal_year_bounds(fy)
    rows = (Handoff.objects.filter(program=program, started_on__gte=start, started_on__lte=end,
                                   case__body__in=bodies)
            .values("case__body__code").annotate(n=Count("case", distinct=True)))
    counts = {r["case__body__code"]: r["n"] for r in rows}
    return {b.code: counts.get(b.code, 0) for b in bodies}


def use_counts(bodies: list[Body], program: str, fy: int) -> tuple[dict[str, int], str]:
    """Each body's actual use and its unit: hand-offs (件); for 一時生活支援 bed-nights (泊), or hand-offs
    when no body has a bed-night in the year."""
    if program == Program.TEMPORARY_SHELTER:
        nights = bed_nights_by_body(bodies, fy)
        if any(nights.values()):
            return nights, BED_NIGHTS
    return handoff_counts(bodies, program, fy), HANDOFFS


def component_bases(name: str, bodies: list[Body], program: str, fy: int,
                    ratios: dict[str, Fraction] | None) -> tuple[dict[str, Fraction], str]:
    """Each body's basis for the component, and the basis's unit."""
    if name == EQUAL:
        return {b.code: Fraction(1) for b in bodies}, BASIS_UNITS[name]
    if name == POPULATION:
        return {b.code: Fraction(b.population()) for b in bodies}, BASIS_UNITS[name]
    if name in (USE, USE_PREVIOUS):
        counts, unit = use_counts(bodies, program, fy if name == USE else fy - 1)
        return {code: Fraction(n) for code, n in counts.items()}, unit
    return {b.code: (ratios or {}).get(b.code, Fraction(0)) for b in bodies}, BASIS_UNITS[name]


# ---- the result ----

@dataclass
class BodyShare:
    body: Body
    bases: list[Fraction]
    shares: list[int]
    total: int = 0
    subsidy: int | None = None
    subsidy_rate: Fraction | None = None
    explanations: list[str] = field(default_factory=list)


@dataclass
class CostShare:
    program: Program
    fiscal_year: int
    amount: int
    components: list[Component]
    pots: list[int]
    rows: list[BodyShare]
    units: list[str] = field(default_factory=list)  # each component's basis unit (利用実績割: 泊 or 件)
    participants_basis: str = ""

    @property
    def fiscal_year_label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    def header(self) -> list[str]:
        cols = ["団体コード", "団体名"]
        for c, unit in zip(self.components, self.units, strict=True):
            cols += [f"{c.name} 基礎（{unit}）", f"{c.name} 負担額（円）"]
        return [*cols, "負担額合計（円）", "割合（%）"]

    def lines(self) -> list[list]:
        out = []
        for r in self.rows:
            cells = [r.body.code, r.body.name]
            for basis, share in zip(r.bases, r.shares, strict=True):
                cells += [basis_value(basis), share]
            out.append([*cells, r.total, percent_text(r.total, self.amount)])
        total = ["合計", f"{len(self.rows)}団体"]
        for i in range(len(self.components)):
            total += [basis_value(sum((r.bases[i] for r in self.rows), Fraction(0))), self.pots[i]]
        out.append([*total, self.amount, percent_text(self.amount, self.amount)])
        return out


def basis_value(value: Fraction):
    """Whole bases as int (Excel numbers); a decimal 定率 as its exact decimal text."""
    return value.numerator if value.denominator == 1 else _fraction_text(value)


def percent_text(part: int, whole: int) -> str:
    """Percentage of the amount, half up to 2 decimals (`33.33`)."""
    if whole == 0:
        return "0.00"
    hundredths = int(round_half_up(Fraction(part * 100, whole), 2) * 100)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def subsidy_rate(program: str, body: Body, fy: int, prep_bodies: set[int]) -> Fraction | None:
    if program == Program.HOUSEHOLD_BUDGET and body.pk not in prep_bodies:
        return HOUSEHOLD_BUDGET_ALONE
    return SUBSIDY_RATES.get(Program(program))


def compute(*, program: str, fy: int, amount: int, key: str | list[Component],
            ratios: str | dict | None = None) -> CostShare:
    """The whole apportionment, or CostShareError with a message for the user."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise CostShareError("金額は0以上の整数（円）で入力してください。", "amount")
    components = parse_key(key) if isinstance(key, str) else key
    has_fixed = any(c.name == FIXED for c in components)
    ratio_map = parse_ratios(ratios) if isinstance(ratios, str) and (ratios.strip() or has_fixed) else ratios
    if has_fixed and not ratio_map:
        raise CostShareError("定率を含む按分キーには --ratios で各団体の割合を指定してください（例: 08201=40,08202=60）。",
                             "ratios")
    if ratio_map and not has_fixed:
        raise CostShareError("--ratios は按分キーに「定率」を含むときだけ指定できます。", "ratios")
    program = Program(program)
    taking_part = participants(program, fy)
    bodies = taking_part.bodies
    if not bodies:
        raise CostShareError(f"{format_fiscal_year(fy, short=False)}に{program.label}を広域委託で実施する団体が"
                             "記録されていません。", None)
    codes = {b.code for b in bodies}
    unknown = sorted(set(ratio_map or {}) - codes)
    if unknown:
        raise CostShareError(f"定率の団体コード {'、'.join(unknown)} は{program.label}の広域委託の参加団体ではありません。", "ratios")
    pots = split_pots(amount, components)
    rows = {b.code: BodyShare(body=b, bases=[], shares=[]) for b in bodies}
    units = []
    for component, pot in zip(components, pots, strict=True):
        bases, unit = component_bases(component.name, bodies, program, fy, ratio_map)
        units.append(unit)
        if not any(bases.values()):
            raise CostShareError(f"{component.name}の基礎がすべての参加団体で0のため按分できません"
                                 f"（{_zero_reason(component.name, program, fy)}）。")
        shares = apportion(pot, sorted(bases.items()))
        for code, row in rows.items():
            row.bases.append(bases[code])
            row.shares.append(shares[code])
    prep = set(Participation.objects.filter(program=Program.EMPLOYMENT_PREP, fiscal_year=fy)
               .values_list("body_id", flat=True))
    result = CostShare(program=program, fiscal_year=fy, amount=amount, components=components, pots=pots,
                       rows=list(rows.values()), units=units, participants_basis=taking_part.basis)
    for row in result.rows:
        row.total = sum(row.shares)
        row.subsidy_rate = subsidy_rate(program, row.body, fy, prep)
        row.subsidy = None if row.subsidy_rate is None else int(row.total * row.subsidy_rate)
        row.explanations = explain(result, row)
    return result


def _zero_reason(name: str, program: Program, fy: int) -> str:
    if name in (USE, USE_PREVIOUS):
        year = fy if name == USE else fy - 1
        what = "宿泊が0泊で、引継ぎも0件" if program == Program.TEMPORARY_SHELTER else "引継ぎが0件"
        return f"{format_fiscal_year(year, short=False)}の{program.label}の{what}"
    if name == POPULATION:
        return "人口が登録されていません"
    return "定率の割合がすべて0です"


def explain(result: CostShare, row: BodyShare) -> list[str]:
    """Each component of a body's share in words, e.g. 均等割 70%: 7,000,000円を9団体で均等に分け…"""
    n = len(result.rows)
    lines = []
    for i, c in enumerate(result.components):
        pot, basis, share = result.pots[i], row.bases[i], row.shares[i]
        total_basis = sum((r.bases[i] for r in result.rows), Fraction(0))
        exact = Fraction(pot) * basis / total_basis
        head = f"{c.name} {c.weight}%: {pot:,}円を"
        if c.name == EQUAL:
            body = f"{n}団体で均等に分け"
        elif c.name == POPULATION:
            body = f"人口の比で分け、人口 {int(basis):,}人 ÷ 合計 {int(total_basis):,}人"
        elif c.name in (USE, USE_PREVIOUS):
            label = "前年度" if c.name == USE_PREVIOUS else "当年度"
            unit = result.units[i]
            what = "延べ宿泊数" if unit == BED_NIGHTS else "引継ぎ件数"
            if unit == HANDOFFS and result.program == Program.TEMPORARY_SHELTER:
                what += "。宿泊の実績がないため引継ぎ件数による"
            body = f"{label}の利用実績（{what}）の比で分け、{int(basis):,}{unit} ÷ 合計 {int(total_basis):,}{unit}"
        else:
            body = f"定率で分け、{_fraction_text(basis)}% ÷ 合計 {_fraction_text(total_basis)}%"
        extra = share - exact.numerator // exact.denominator
        rounding = "（端数の1円を配分）" if extra else ""
        lines.append(f"{head}{body} → {share:,}円{rounding}")
    return lines
