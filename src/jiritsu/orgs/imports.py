"""`jiritsu import organisations` and `jiritsu import staff` (docs/organisations-staff-csv.md).

As the other imports: every row is checked first and each problem named `row N, column C: message` (the
header is row 1); if any row is wrong nothing is written; a row that matches what is stored is left alone,
so importing the same file again changes nothing. Staff accounts are audited as the staff pages' writes are.

New staff get no password: each gets a one-time sign-in link (Django's password-reset token, which stops
working once a password is set) by e-mail, or in a file for hand delivery, and chooses their own password.
"""
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jiritsu.audit import log as audit
from jiritsu.core.csvfiles import Problem
from jiritsu.programs.catalog import program_from_name

from .models import (
    ROLES_BY_KIND,
    Body,
    Municipality,
    Organisation,
    Prefecture,
    Role,
    Staff,
    normalise_body_code,
)

ORG_COLUMNS = ["kind", "name", "body_code", "operation", "operator_name", "programs", "catchment", "phone"]
ORG_REQUIRED = ["kind", "name"]
STAFF_COLUMNS = ["username", "display_name", "role", "organisation", "email", "manages_staff"]
STAFF_REQUIRED = ["username", "display_name", "role", "organisation", "email"]
MAX_LENGTH = {"name": 80, "operator_name": 80, "phone": 20, "display_name": 40, "organisation": 80,
              "username": 150, "email": 254}
# Codes or the labels people see; the labels are what a spreadsheet made by hand will hold.
KINDS = {**{str(k.label): k.value for k in Organisation.Kind}, **{k.value: k.value for k in Organisation.Kind}}
OPERATIONS = {**{str(o.label): o.value for o in Organisation.Operation},
              **{o.value: o.value for o in Organisation.Operation}}
ROLES = {**{str(r.label): r.value for r in Role}, **{r.value: r.value for r in Role}}
YES_NO = {"": False, "いいえ": False, "0": False, "no": False, "false": False,
          "はい": True, "1": True, "yes": True, "true": True}
BODY_KINDS = {Organisation.Kind.AGENCY, Organisation.Kind.BODY_OFFICE}


@dataclass
class Row:
    number: int
    values: dict
    outcome: str = "created"  # created / updated / unchanged
    instance: object = None


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)  # new staff's sign-in links, for the caller to deliver

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for r in self.rows)

    def summary(self) -> str:
        return (f"新規 {self.count('created')} 件、更新 {self.count('updated')} 件、"
                f"変更なし {self.count('unchanged')} 件")


class _Cells:
    """One row's cells; collects every problem rather than stopping at the first."""

    def __init__(self, number: int, cells: dict, required: list[str]):
        self.number, self.cells, self.required, self.problems = number, cells, required, []

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def text(self, column: str, *, nfkc: bool = False) -> str:
        value = (self.cells.get(column) or "").strip()
        if nfkc:  # codes, choices, addresses of mail: full-width digits and letters are fine too
            value = unicodedata.normalize("NFKC", value)
        if "\x00" in value:
            self.fail(column, "使えない文字（NUL）が含まれています。")
            return ""
        if column in self.required and not value:
            self.fail(column, "必須の項目が空欄です。")
        elif len(value) > MAX_LENGTH.get(column, 1000):
            self.fail(column, f"{MAX_LENGTH[column]}文字以内で入力してください。")
        return value

    def choice(self, column: str, mapping: dict, what: str):
        value = self.text(column, nfkc=True)
        key = value if value in mapping else value.lower()
        if value and key not in mapping:
            shown = "／".join(k for k in mapping if not k.isascii())
            self.fail(column, f"「{value}」は{what}として認識できません（{shown}）。")
            return None
        return mapping.get(key)

    def items(self, column: str) -> list[str]:
        return [p.strip() for p in self.text(column, nfkc=True).split("|") if p.strip()]


def check_header(header: list[str], columns: list[str], required: list[str]) -> list[Problem]:
    problems, seen = [], set()
    for name in header:
        if name not in columns:
            problems.append(Problem(1, name or "(空欄)", "不明な列名です。列名は仕様のとおりに入力してください。"))
        elif name in seen:
            problems.append(Problem(1, name, "同じ列名が2回以上あります。"))
        seen.add(name)
    return problems + [Problem(1, name, "必須の列がありません。") for name in required if name not in seen]


def _rows(header: list[str], records: list, columns: list[str], required: list[str], check) -> Result:
    result = Result(problems=check_header(header, columns, required))
    if result.problems:
        return result
    for number, cells in records:
        if len(cells) > len(header):
            result.problems.append(Problem(number, "-", f"列の数（{len(cells)}）が列名の数（{len(header)}）より多くなっています。"))
            continue
        c = _Cells(number, dict(zip(header, cells, strict=False)), required)
        values = check(c)
        result.problems += c.problems
        if not c.problems:
            result.rows.append(Row(number, values))
    if not records:
        result.problems.append(Problem(2, "-", "取り込む行がありません。"))
    return result


def _duplicates(result: Result, key, column: str, what: str) -> None:
    seen = {}
    for row in result.rows:
        k = key(row.values)
        if k in seen:
            result.problems.append(Problem(row.number, column, f"row {seen[k]} と同じ{what}です（1件1行）。"))
        seen.setdefault(k, row.number)


# ---------------------------------------------------------------- organisations

def check_organisations(header: list[str], records: list, prefecture: Prefecture) -> Result:
    bodies = {b.code: b for b in Body.objects.filter(prefecture=prefecture)}
    towns = {m.code: m for m in Municipality.objects.filter(prefecture=prefecture)}
    result = _rows(header, records, ORG_COLUMNS, ORG_REQUIRED,
                   lambda c: _check_organisation(c, bodies, towns))
    _duplicates(result, lambda v: (v["kind"], v["name"]), "name", "種別・名称の組織")
    if not result.problems:
        _mark_organisations(result, prefecture)
    return result


def _check_organisation(c: _Cells, bodies: dict, towns: dict) -> dict:
    v = {"kind": c.choice("kind", KINDS, "組織の種別"), "name": c.text("name"), "phone": c.text("phone", nfkc=True)}
    kind = v["kind"]
    code = c.text("body_code", nfkc=True)
    v["body"] = None
    if kind in BODY_KINDS and not code:
        c.fail("body_code", "自立相談支援機関と自治体担当課・福祉事務所には団体コードが必要です。")
    elif code and kind and kind not in BODY_KINDS:
        c.fail("body_code", f"{Organisation.Kind(kind).label}には団体コードを入れません（空欄にしてください）。")
    elif code:
        try:
            v["body"] = bodies.get(normalise_body_code(code))
            if v["body"] is None:
                c.fail("body_code", f"団体コード「{code}」の福祉事務所設置自治体は登録されていません"
                                    "（jiritsu setup-prefecture で登録します）。")
        except ValueError as exc:
            c.fail("body_code", str(exc))
    v["operation"] = c.choice("operation", OPERATIONS, "運営形態") or ""
    v["operator_name"] = c.text("operator_name")
    if kind == Organisation.Kind.AGENCY:
        if not v["operation"]:
            c.fail("operation", "自立相談支援機関の運営形態（直営／委託）を入力してください。")
        elif v["operation"] == Organisation.Operation.CONTRACTED and not v["operator_name"]:
            c.fail("operator_name", "委託の場合は受託法人名を入力してください。")
        elif v["operation"] == Organisation.Operation.DIRECT and v["operator_name"]:
            c.fail("operator_name", "直営の機関には受託法人名を入れません。")
    elif kind and (v["operation"] or v["operator_name"]):
        c.fail("operation" if v["operation"] else "operator_name", "運営形態と受託法人名は自立相談支援機関だけに入力します。")
    v["programs"] = []
    for name in c.items("programs"):
        try:
            v["programs"].append(program_from_name(name).value)
        except ValueError as exc:
            c.fail("programs", str(exc))
    v["programs"] = list(dict.fromkeys(v["programs"]))
    if kind == Organisation.Kind.PROVIDER and not v["programs"] and not c.problems:
        c.fail("programs", "広域実施委託事業者が提供する事業を「|」区切りで入力してください（例: 就労準備支援|家計改善支援）。")
    elif kind and kind != Organisation.Kind.PROVIDER and v["programs"]:
        c.fail("programs", "提供事業は広域実施委託事業者だけに入力します。")
    v["catchment"] = []
    for item in c.items("catchment"):
        try:
            town = towns.get(normalise_body_code(item))
        except ValueError as exc:
            c.fail("catchment", str(exc).replace("団体コード", "市町村コード"))
            continue
        if town is None:
            c.fail("catchment", f"市町村コード「{item}」の市町村は登録されていません。")
        elif v["body"] is not None and town.body_id != v["body"].pk:
            c.fail("catchment", f"{town.name}は{v['body'].name}の区域ではありません。")
        else:
            v["catchment"].append(town)
    if v["catchment"] and kind != Organisation.Kind.BODY_OFFICE:
        c.fail("catchment", "所管区域は自治体担当課・福祉事務所だけに入力します。")
    if v["phone"] and not all(ch.isdigit() or ch == "-" for ch in v["phone"]):
        c.fail("phone", "電話番号は数字とハイフンで入力してください。")
    return v


def _mark_organisations(result: Result, prefecture: Prefecture) -> None:
    for row in result.rows:
        v = row.values
        org = Organisation.objects.filter(prefecture=prefecture, kind=v["kind"], name=v["name"]).order_by("pk").first()
        row.instance = org
        if org is None:
            continue
        same = (org.body_id == (v["body"].pk if v["body"] else None) and org.operation == v["operation"]
                and org.operator_name == v["operator_name"] and org.programs == v["programs"]
                and org.phone == v["phone"]
                and {m.pk for m in org.catchment.all()} == {m.pk for m in v["catchment"]})
        row.outcome = "unchanged" if same else "updated"


@transaction.atomic
def import_organisations(header: list[str], records: list, *, prefecture: Prefecture, dry_run=False) -> Result:
    result = check_organisations(header, records, prefecture)
    if result.problems or dry_run:
        return result
    for row in result.rows:
        if row.outcome != "unchanged":
            row.instance = _write_organisation(prefecture, row)
    return result


def _write_organisation(prefecture: Prefecture, row: Row) -> Organisation:
    v = row.values
    fields = {"body": v["body"], "operation": v["operation"], "operator_name": v["operator_name"],
              "programs": v["programs"], "phone": v["phone"]}
    org = row.instance or Organisation(prefecture=prefecture, kind=v["kind"], name=v["name"])
    for name, value in fields.items():
        setattr(org, name, value)
    org.save()
    org.catchment.set(v["catchment"])
    return org


# ---------------------------------------------------------------- staff

def check_staff(header: list[str], records: list, prefecture: Prefecture) -> Result:
    orgs = {}
    for org in Organisation.objects.filter(prefecture=prefecture):
        orgs.setdefault((org.kind, org.name), []).append(org)
    result = _rows(header, records, STAFF_COLUMNS, STAFF_REQUIRED, lambda c: _check_staff_row(c, orgs))
    _duplicates(result, lambda v: v["username"].lower(), "username", "ユーザー名")
    if not result.problems:
        _mark_staff(result)
    return result


def _check_staff_row(c: _Cells, orgs: dict) -> dict:
    v = {"username": c.text("username", nfkc=True), "display_name": c.text("display_name"),
         "role": c.choice("role", ROLES, "役割"), "email": c.text("email", nfkc=True),
         "manages_staff": c.choice("manages_staff", YES_NO, "職員管理（はい／いいえ）") or False}
    if v["username"]:
        try:
            get_user_model()._meta.get_field("username").run_validators(v["username"])
        except ValidationError:
            c.fail("username", "ユーザー名は英数字と @ . + - _ で入力してください。")
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            c.fail("email", f"「{v['email']}」はメールアドレスとして正しくありません。")
    name = c.text("organisation")
    v["organisation"] = None
    if v["role"] and name:
        kinds = [kind for kind, roles in ROLES_BY_KIND.items() if v["role"] in roles]
        found = [org for kind in kinds for org in orgs.get((kind, name), [])]
        if not found:
            shown = "・".join(str(Organisation.Kind(k).label) for k in kinds)
            c.fail("organisation", f"{Role(v['role']).label}が所属できる組織（{shown}）に「{name}」は登録されていません"
                                   "（jiritsu import organisations で登録します）。")
        elif len(found) > 1:
            c.fail("organisation", f"「{name}」という組織が{len(found)}件あり、決められません。")
        else:
            v["organisation"] = found[0]
    return v


def _mark_staff(result: Result) -> None:
    users = get_user_model().objects.select_related("staff")
    for row in result.rows:
        v = row.values
        user = users.filter(username__iexact=v["username"]).first()
        if user is None:
            continue
        staff = getattr(user, "staff", None)
        if staff is None:
            result.problems.append(Problem(row.number, "username",
                                           f"ユーザー名「{v['username']}」は職員ではないアカウント（システム管理者など）に使われています。"))
            continue
        row.instance = staff
        same = (user.username == v["username"] and user.email == v["email"] and staff.role == v["role"]
                and staff.organisation_id == v["organisation"].pk and staff.display_name == v["display_name"]
                and staff.manages_staff == v["manages_staff"])
        row.outcome = "unchanged" if same else "updated"


def import_staff(header: list[str], records: list, *, prefecture: Prefecture, base_url: str = "",
                 dry_run: bool = False, resend: bool = False) -> Result:
    """Create or update every row's account; new accounts (and, with resend, accounts whose owner has not
    yet chosen a password) get a sign-in link in result.links."""
    with transaction.atomic():
        result = check_staff(header, records, prefecture)
        if result.problems or dry_run:
            return result
        for row in result.rows:
            if row.outcome != "unchanged":
                row.instance = _write_staff(row)
    for row in result.rows:
        user = row.instance.user
        if row.outcome == "created" or (resend and not user.has_usable_password()):
            result.links.append({"username": user.username, "display_name": row.instance.display_name,
                                 "email": user.email, "link": sign_in_link(user, base_url)})
    return result


def _write_staff(row: Row) -> Staff:
    v = row.values
    staff_fields = {"organisation": v["organisation"], "role": v["role"], "display_name": v["display_name"],
                    "manages_staff": v["manages_staff"]}
    if row.instance is None:
        user = get_user_model()(username=v["username"], email=v["email"])
        user.set_unusable_password()  # the owner chooses one through the sign-in link
        user.save()
        staff = Staff.objects.create(user=user, **staff_fields)
    else:
        staff = row.instance
        staff.user.username, staff.user.email = v["username"], v["email"]
        staff.user.save(update_fields=["username", "email"])
        for name, value in staff_fields.items():
            setattr(staff, name, value)
        staff.save()
    label = "職員アカウント作成（取込）" if row.outcome == "created" else "職員情報更新（取込）"
    flag = "あり" if staff.manages_staff else "なし"
    audit.record(user=None, action="create" if row.outcome == "created" else "update",
                 what=f"{label}：{staff.user.username}（{staff.display_name}・{staff.get_role_display()}・"
                      f"{staff.organisation.name}）・職員管理{flag}", body_id=staff.organisation.body_id)
    return staff


def sign_in_link(user, base_url: str) -> str:
    """The first-sign-in link: valid until the password is set or PASSWORD_RESET_TIMEOUT passes."""
    path = reverse("first_sign_in", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                            "token": default_token_generator.make_token(user)})
    return base_url.rstrip("/") + path
