"""Legacy case-ledger import (case-ledger.md): validate every row, then create everything or nothing.

Row numbers in messages count CSV records with the header as row 1, so the first case is row 2: the
same number the row has in a spreadsheet (a cell with a line break inside quotes is still one row).
Columns are named by their header. A row whose (body, case_id) already exists is "unchanged": it is
validated like any other row, and nothing of it is written.
"""
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from jiritsu.audit import log as audit
from jiritsu.core.csvfiles import FileProblem, Problem, read_rows
from jiritsu.core.text import CONTROL_MESSAGE, has_control_characters
from jiritsu.core.wareki import BIRTH_DATE, DateParseError, parse_date
from jiritsu.orgs.models import Body, Organisation, normalise_body_code
from jiritsu.programs.catalog import SURVEY_SERVICES

from .choices import (
    COMPLAINT_FORM_WORDING,
    ClosureReason,
    Complaint,
    ContactRoute,
    Sex,
    Status,
    TriageOutcome,
)
from .field_history import created_entries
from .models import Case, Client, Closure, Consent, Decision, Outcome, Plan, Triage
from .services import derived

COLUMNS = [
    "body_code", "case_id", "received_on", "family_name", "given_name", "family_name_kana", "given_name_kana",
    "sex", "birth_date", "postal_code", "address", "phone", "main_complaint", "complaints", "triage",
    "referred_to", "consent_on", "plan_decided_on", "programs", "work_support_target", "employed_on",
    "income_increased_on", "closed_on", "closure_reason",
]
REQUIRED = ["body_code", "case_id", "received_on", "family_name", "given_name", "main_complaint", "triage"]
# Dates that must not precede received_on and must not follow closed_on.
EVENT_DATES = ["consent_on", "plan_decided_on", "employed_on", "income_increased_on"]
# Kept as written (NFKC would turn （） into ()); every other cell is NFKC-normalised.
FREE_TEXT = {"family_name", "given_name", "address", "referred_to", "closure_reason"}
MAX_LENGTH = {"case_id": 30, "family_name": 40, "given_name": 40, "family_name_kana": 60, "given_name_kana": 60,
              "address": 200, "phone": 20, "referred_to": 100, "closure_reason": 200}


def choice_key(text: str) -> str:
    """How a choice cell is matched: NFKC, no spaces, no empty brackets (the form's 「その他（　　）」)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("()", "")


def _by_name(pairs) -> dict:
    return {choice_key(str(name)): value for name, value in pairs}


TRIAGE = _by_name([("情報提供のみ", TriageOutcome.INFO_ONLY), ("他機関つなぎ", TriageOutcome.REFERRED),
                   ("継続支援", TriageOutcome.CONTINUE)])
SEX = _by_name((s.label, s.value) for s in Sex)
SERVICES = _by_name((s.label, s.value) for s in SURVEY_SERVICES)
# The 16 categories by their short name (as the app shows them) and by the standard form's wording.
COMPLAINTS = _by_name([*((c.label, c.value) for c in Complaint),
                       *((wording, c.value) for c, wording in COMPLAINT_FORM_WORDING.items())])
COMPLAINT_NAMES = [str(c.label) for c in Complaint]
KANA_RE = re.compile(r"^[\u3041-\u309f\u30a0-\u30ff\u3000 ・ー]+$")
POSTAL_RE = re.compile(r"^(\d{3})-?(\d{4})$")
PHONE_RE = re.compile(r"^[0-9-]+$")
MOBILE_PREFIXES = ("070", "080", "090")
IMPORT_USERNAME = "import"
IMPORT_NOTE = "旧台帳（CSV）から取込"
VIA = "cli: import cases"
MISSING_COLUMN = "必須の列がありません。"


@dataclass
class LedgerRow:
    number: int
    values: dict
    body: Body | None = None
    agency: Organisation | None = None
    unchanged: bool = False


@dataclass
class Result:
    rows: list[LedgerRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    lines: int = 0  # data rows in the file (blank lines left out)

    @property
    def unchanged(self) -> int:
        return sum(r.unchanged for r in self.rows)

    @property
    def to_create(self) -> int:
        return sum(not r.unchanged for r in self.rows)


# ---------------------------------------------------------------- reading

def decode(raw: bytes, encoding: str = "utf-8") -> str:
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") else encoding
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        hint = "Shift_JIS（CP932）のファイルは --encoding cp932 を指定してください。" if codec == "utf-8-sig" else ""
        raise FileProblem(f"{line}行目の文字を {encoding} として読めません。{hint}") from None
    except LookupError:
        raise FileProblem(f"文字コード「{encoding}」は使えません（utf-8 または cp932）。") from None


def check_header(header: list[str]) -> list[Problem]:
    problems = []
    seen = set()
    for name in header:
        if name not in COLUMNS:
            problems.append(Problem(1, name or "(空欄)", "不明な列名です。列名は仕様のとおりに入力してください。"))
        elif name in seen:
            problems.append(Problem(1, name, "同じ列名が2回以上あります。"))
        seen.add(name)
    problems += [Problem(1, name, MISSING_COLUMN) for name in REQUIRED if name not in seen]
    return problems


# ---------------------------------------------------------------- validating one row

class RowChecker:
    """Parses one row's cells into values, collecting every problem instead of stopping at the first."""

    def __init__(self, number: int, cells: dict):
        self.number, self.cells, self.problems, self.values = number, cells, [], {}

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def text(self, column: str) -> str:
        value = (self.cells.get(column, "") or "").strip()
        if column not in FREE_TEXT:  # codes, dates, choices: full-width digits and spaces are fine too
            value = unicodedata.normalize("NFKC", value)
        if has_control_characters(value):
            self.fail(column, CONTROL_MESSAGE)
        elif column in REQUIRED and not value:
            self.fail(column, "必須の項目が空欄です。")
        elif len(value) > MAX_LENGTH.get(column, 10_000):
            self.fail(column, f"{MAX_LENGTH[column]}文字以内で入力してください。")
        return value

    def date(self, column: str) -> dt.date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return parse_date(value, **(BIRTH_DATE if column == "birth_date" else {}))
        except DateParseError as exc:
            self.fail(column, str(exc))
            return None

    def choice(self, column: str, mapping: dict, what: str, names=None):
        value = self.text(column)
        if value and choice_key(value) not in mapping:
            self.fail(column, f"「{value}」は{what}として認識できません（{'／'.join(names or mapping)}）。")
            return None
        return mapping.get(choice_key(value))

    def listed(self, column: str, mapping: dict, what: str) -> list:
        items = [p.strip() for p in self.text(column).split("|") if p.strip()]
        unknown = [p for p in items if choice_key(p) not in mapping]
        if unknown:
            self.fail(column, f"「{'」「'.join(unknown)}」は{what}として認識できません。")
        return list(dict.fromkeys(mapping[choice_key(p)] for p in items if choice_key(p) in mapping))


def check_row(number: int, cells: dict) -> tuple[dict, list[Problem]]:
    c = RowChecker(number, cells)
    v = c.values
    v["body_code"] = c.text("body_code")
    v["case_id"] = c.text("case_id")
    for name in ("family_name", "given_name", "address", "referred_to", "closure_reason"):
        v[name] = c.text(name)
    for name in ("family_name_kana", "given_name_kana"):
        v[name] = c.text(name)
        if v[name] and not KANA_RE.match(v[name]):
            c.fail(name, "ふりがなは、ひらがなまたはカタカナで入力してください。")
    v["sex"] = c.choice("sex", SEX, "性別") or ""
    v["postal_code"] = c.text("postal_code")
    if v["postal_code"]:
        m = POSTAL_RE.match(v["postal_code"])
        v["postal_code"] = f"{m[1]}-{m[2]}" if m else c.fail("postal_code", "郵便番号は7桁の数字で入力してください（ハイフンは任意）。")
    v["phone"] = c.text("phone")
    if v["phone"] and not PHONE_RE.match(v["phone"]):
        c.fail("phone", "電話番号は数字とハイフンで入力してください。")
    v["main_complaint"] = c.choice("main_complaint", COMPLAINTS, "相談内容（主訴）", COMPLAINT_NAMES)
    v["complaints"] = c.listed("complaints", COMPLAINTS, "相談内容")
    if v["complaints"] and v["main_complaint"] and v["main_complaint"] not in v["complaints"]:
        c.fail("complaints", "主訴（main_complaint）を相談内容に含めてください。")
    v["triage"] = c.choice("triage", TRIAGE, "振り分け")
    v["programs"] = c.listed("programs", SERVICES, "利用事業")
    wst = c.text("work_support_target")
    if wst not in ("", "0", "1"):
        c.fail("work_support_target", "就労支援対象者の場合は 1、それ以外は空欄（または 0）としてください。")
    v["work_support_target"] = wst == "1"
    for name in ("received_on", "birth_date", *EVENT_DATES, "closed_on"):
        v[name] = c.date(name)
    _check_dates(c, v)
    return v, c.problems


def _check_dates(c: RowChecker, v: dict) -> None:
    received = v["received_on"]
    if received and v["birth_date"] and v["birth_date"] > received:
        c.fail("birth_date", "生年月日が受付日（received_on）より後になっています。")
    for name in (*EVENT_DATES, "closed_on"):
        if received and v[name] and v[name] < received:
            c.fail(name, f"受付日（received_on: {received:%Y-%m-%d}）より前の日付は入力できません。")
    if v["plan_decided_on"] and not v["consent_on"] and not c.text("consent_on"):
        c.fail("plan_decided_on", "支援決定日には利用申込・同意の日（consent_on）が必要です。")
    if v["programs"] and not c.text("plan_decided_on"):
        c.fail("programs", "利用事業は支援決定日（plan_decided_on）があるときだけ入力できます。")
    if v["work_support_target"] and not c.text("plan_decided_on"):
        c.fail("work_support_target", "就労支援対象者は支援決定日（plan_decided_on）があるときだけ入力できます。")
    closed = v["closed_on"]
    later = [name for name in EVENT_DATES if closed and v[name] and v[name] > closed]
    if later:
        c.fail("closed_on", f"終結日は最後の日付でなければなりません（{'、'.join(later)} より前です）。")
    if v["closure_reason"] and not c.text("closed_on"):
        c.fail("closure_reason", "終結理由は終結日（closed_on）とともに入力してください。")


# ---------------------------------------------------------------- the whole file

def validate(header: list[str], rows: list[tuple[int, list[str]]]) -> Result:
    result = Result(problems=check_header(header), lines=len(rows))
    if any(p.message == MISSING_COLUMN for p in result.problems):
        return result  # every row would repeat the missing column; the header problems say it once
    bodies = {b.code: b for b in Body.objects.all()}
    agencies = {}
    for org in Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("pk"):
        agencies.setdefault(org.body_id, org)
    seen = {}
    for number, cells in rows:
        if len(cells) > len(header):
            result.problems.append(Problem(number, "-", f"列の数（{len(cells)}）が列名の数（{len(header)}）より多くなっています。"))
            continue
        known = {h: c for h, c in zip(header, cells, strict=False) if h in COLUMNS}
        values, problems = check_row(number, known)
        row = LedgerRow(number, values)
        problems += _resolve_body(row, bodies, agencies)
        key = (row.body.pk if row.body else values["body_code"], values["case_id"])
        if values["case_id"] and key in seen:
            problems.append(Problem(number, "case_id", f"同じ自治体の case_id がファイル内で重複しています（row {seen[key]}）。"))
        seen.setdefault(key, number)
        result.problems += problems
        result.rows.append(row)
    _mark_unchanged(result.rows)
    return result


def _resolve_body(row: LedgerRow, bodies: dict, agencies: dict) -> list[Problem]:
    code = row.values["body_code"]
    if not code:
        return []
    try:
        code5 = normalise_body_code(code)
    except ValueError as exc:
        return [Problem(row.number, "body_code", str(exc))]
    row.body = bodies.get(code5)
    if row.body is None:
        return [Problem(row.number, "body_code", f"団体コード「{code}」の福祉事務所設置自治体が登録されていません。")]
    row.agency = agencies.get(row.body.pk)
    if row.agency is None:
        return [Problem(row.number, "body_code", f"{row.body.name}の自立相談支援機関が登録されていないため、取り込めません。")]
    return []


def _mark_unchanged(rows: list[LedgerRow]) -> None:
    by_body = {}
    for row in rows:
        if row.body:
            by_body.setdefault(row.body.pk, []).append(row)
    for body_id, body_rows in by_body.items():
        existing = set(Case.objects.filter(body_id=body_id, case_number__in=[r.values["case_id"] for r in body_rows])
                       .values_list("case_number", flat=True))
        for row in body_rows:
            row.unchanged = row.values["case_id"] in existing


def import_ledger(raw: bytes, *, encoding: str = "utf-8", dry_run: bool = False) -> Result:
    """Validate the whole file; write only when every row is valid and dry_run is off."""
    header, rows = read_rows(decode(raw, encoding))
    result = validate(header, rows)
    if result.problems or dry_run:
        return result
    with transaction.atomic():
        result.created = write([r for r in result.rows if not r.unchanged])
    return result


# ---------------------------------------------------------------- writing

def import_user():
    user, created = get_user_model().objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"is_active": False, "first_name": "旧台帳取込"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _status(v: dict) -> str:
    if v["closed_on"] or (v["triage"] != TriageOutcome.CONTINUE and not v["consent_on"]):
        return Status.CLOSED
    if v["plan_decided_on"]:
        return Status.IN_SUPPORT
    if v["consent_on"]:
        return Status.APPLIED
    return Status.CONTINUING


def _closure_reason(v: dict) -> str:
    text = v["closure_reason"]
    for reason in ClosureReason:
        if text in (reason.value, str(reason.label)):
            return reason.value
    if not text and v["triage"] != TriageOutcome.CONTINUE and not v["consent_on"]:
        return ClosureReason.INFO_ONLY if v["triage"] == TriageOutcome.INFO_ONLY else ClosureReason.REFERRED
    return ClosureReason.OTHER


def _client(row: LedgerRow) -> Client:
    v = row.values
    phone = v["phone"]
    mobile = phone.replace("-", "").startswith(MOBILE_PREFIXES)
    client = Client(body=row.body, family_name=v["family_name"], given_name=v["given_name"],
                    family_name_kana=v["family_name_kana"], given_name_kana=v["given_name_kana"], sex=v["sex"],
                    birth_date=v["birth_date"], postal_code=v["postal_code"] or "", address=v["address"],
                    phone_home="" if mobile else phone, phone_mobile=phone if mobile else "")
    client.refresh_search_fields()  # bulk_create does not call save()
    return client


def _case(row: LedgerRow, client: Client, user) -> Case:
    v = row.values
    status = _status(v)
    closed = status == Status.CLOSED
    return Case(body=row.body, agency=row.agency, client=client, case_number=v["case_id"],
                received_on=v["received_on"], received_by=user, route=ContactRoute.OTHER,
                complaints=v["complaints"] or [v["main_complaint"]], main_complaint=v["main_complaint"],
                consultation_note=IMPORT_NOTE, status=status,
                closed_on=(v["closed_on"] or v["received_on"]) if closed else None,
                closure_reason=_closure_reason(v) if closed else "")


# Audit rows are written per chunk of case ids, as SQLite caps the parameters of one query. (The records
# themselves go through bulk_create, which batches them as each database's parameter limit requires.)
AUDIT_CHUNK = 900


def write(rows: list[LedgerRow]) -> int:
    user = import_user()
    clients = _with_history(Client, [_client(r) for r in rows], user)
    cases = _with_history(Case, [_case(r, c, user) for r, c in zip(rows, clients, strict=True)], user)
    pairs = list(zip(rows, cases, strict=True))
    Triage.objects.bulk_create([
        Triage(case=case, outcome=r.values["triage"], decided_on=r.values["received_on"], recorded_by=user,
               referred_to=r.values["referred_to"] or ("（記載なし）" if r.values["triage"] == TriageOutcome.REFERRED else ""),
               note=IMPORT_NOTE)
        for r, case in pairs])
    _with_history(Consent, [
        Consent(case=case, applied_on=r.values["consent_on"], rules_explained=True, share_agreed=True,
                note=IMPORT_NOTE, recorded_by=user)
        for r, case in pairs if r.values["consent_on"]], user)
    _write_plans(pairs, user)
    Outcome.objects.bulk_create([
        Outcome(case=case, kind=kind, occurred_on=r.values[column], note=IMPORT_NOTE, recorded_by=user)
        for r, case in pairs
        for column, kind in (("employed_on", Outcome.Kind.EMPLOYED), ("income_increased_on", Outcome.Kind.INCOME_INCREASED))
        if r.values[column]])
    Closure.objects.bulk_create([
        Closure(case=case, closed_on=case.closed_on, reason=case.closure_reason, recorded_by=user,
                note=r.values["closure_reason"] or r.values["referred_to"] or IMPORT_NOTE)
        for r, case in pairs if case.status == Status.CLOSED])
    ids = [case.pk for case in cases]
    if ids:
        # Consent and plan dates, as the services keep them: one UPDATE per body over the id range written
        # here (chunked by id lists, it was thousands of statements). A concurrent case inside the range is
        # recomputed too, harmlessly: the columns follow from its records whoever refreshes them.
        derived.refresh(Case.objects.filter(pk__range=(min(ids), max(ids))))
    for start in range(0, len(ids), AUDIT_CHUNK):  # one INSERT ... SELECT per chunk, no row objects
        chunk = Case.objects.filter(pk__in=ids[start:start + AUDIT_CHUNK])
        audit.record_query(user=user, action="create", what="旧台帳（CSV）からケースを取込", cases=chunk, via=VIA)
    return len(cases)


def _write_plans(pairs, user) -> None:
    decided = [(r, case) for r, case in pairs if r.values["plan_decided_on"]]
    plans = _with_history(Plan, [
        Plan(case=case, number=1, state=Plan.State.DECIDED, drafted_on=r.values["plan_decided_on"],
             wishes=IMPORT_NOTE, problems=IMPORT_NOTE, support_content=IMPORT_NOTE, services=r.values["programs"],
             work_support_target=r.values["work_support_target"], period_from=r.values["plan_decided_on"],
             period_to=r.values["plan_decided_on"] + dt.timedelta(days=180), recorded_by=user)
        for r, case in decided], user)
    Decision.objects.bulk_create([
        Decision(case=case, plan=plan, decided_on=r.values["plan_decided_on"], decided_by=user, note=IMPORT_NOTE)
        for (r, case), plan in zip(decided, plans, strict=True)])


def _with_history(model, objs: list, user) -> list:
    """Insert records of a model with a field history, and their first history entries (a bulk insert makes
    none): the case's 変更履歴 starts with the import."""
    model.objects.bulk_create(objs)
    model.history.model.objects.bulk_create(created_entries(model, objs, user=user, reason="旧台帳（CSV）からの取込"))
    return objs
