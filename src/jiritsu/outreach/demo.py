"""Demo relationship work for `jiritsu setup-demo`: a few visits with follow-ups (one overdue), a 勉強会 and a
先進地視察 a year ago with their handouts, a held 運営会議 and an upcoming 検討会, one intention survey answered by three cities, and phases with problems.

Written through the real services as the demo's prefecture policy user. Created once: when that user
already has demo visits, nothing is written again (so running setup-demo twice changes nothing).
"""
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiritsu.orgs.models import Body
from jiritsu.programs.catalog import Program

from .models import Meeting, Phase, Question, Visit
from .services import meetings, phases, surveys, visits

D = dt.timedelta
CITIES = ("08201", "08202", "08203", "08220")

# (body code, days ago, visitors, met, topics, requests, [(follow-up, due in days from the visit, done)])
VISITS = [
    ("08201", 200, "福祉政策課長、担当（デモ）", "生活福祉課長、係長（デモ）",
     "一時生活支援事業の広域実施への参加について意見交換", "予算要求資料の様式を提供してほしい",
     [("他市の予算要求資料を情報提供する", 30, True)]),
    ("08202", 120, "担当（デモ）", "社会福祉課 係長（デモ）", "就労準備支援事業の利用が伸びない理由の聞き取り",
     "利用事例を紹介してほしい", [("運営会議で事例紹介の枠を設ける", 60, True),
                          ("委託事業者との打合せを調整する", 100, False)]),
    ("08203", 60, "福祉政策課長、担当（デモ）", "社会福祉課長（デモ）", "広域実施の手続きの流れの確認",
     "", [("支援の流れ図を送付する", 14, False)]),
    ("08220", 20, "担当（デモ）", "社会福祉課 担当（デモ）", "家計改善支援事業の開始に向けた準備状況", "",
     [("協定書の案を送付する", 40, False)]),
]
STUDY_AGENDA = "1. 任意事業の意義と国の支援（厚生労働省担当者）\n2. グループワーク：実施に向けた課題\n3. 事例発表（県委託事業者）"
TOUR_AGENDA = "広域実施の手法、費用負担、契約、運用（引継ぎの流れ、利用調整）"
# (title, file name, text) of each meeting's handouts: plain-text files written as the demo is set up.
STUDY_HANDOUTS = [
    ("次第", "勉強会次第.txt", "任意事業実施促進に係る勉強会（デモ）\n\n" + STUDY_AGENDA + "\n"),
    ("事例発表資料", "事例発表_就労準備支援.txt",
     "就労準備支援事業の事例（デモ・架空）\n生活リズムの立て直しから就労体験を経て、短時間の仕事に就いた例。\n"),
]
TOUR_HANDOUTS = [
    ("視察報告書", "先進地視察報告書.txt",
     "先進地視察報告（デモ）\n1. 手法：県が事業者と委託契約、各市とは協定\n2. 費用：均等割と利用実績割\n"
     "3. 契約：単年度、仕様書は共通\n4. 運用：引継ぎ様式の統一、月1回の運営会議\n"),
]
SURVEY_QUESTIONS = [
    ("一時生活支援事業を広域実施で行う場合、参加の意向はありますか。", Question.Kind.CHOICE,
     ["参加したい", "検討中", "参加しない"]),
    ("参加に向けた課題を選んでください。", Question.Kind.CHOICE,
     ["予算の確保が難しい", "対象者がいない", "手続きがわからない", "特になし"]),
    ("県に求める支援があれば記入してください。", Question.Kind.TEXT, []),
]
ANSWERS = {
    "mito_admin": ["参加したい", "手続きがわからない", "先行市の事例を知りたい"],
    "hitachi_admin": ["検討中", "予算の確保が難しい", ""],
    "tsuchiura_admin": ["参加したい", "特になし", "広域での研修を続けてほしい"],
}
# (body code, program, phase recorded or None, problem, days ago, response or "")
PROBLEMS = [
    ("08201", Program.TEMPORARY_SHELTER, Phase.PREPARATION, "予算の確保が難しい", 200, "未実施全市を訪問"),
    ("08202", Program.EMPLOYMENT_PREP, None, "実績が上がらない", 120, "実績が多い市を情報提供"),
    ("08220", Program.HOUSEHOLD_BUDGET, Phase.START, "手続きがわからない", 20, ""),
]


def load_demo_outreach() -> int:
    """Returns the number of visits created (0 when the demo outreach already exists)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["policy", *ANSWERS])}
    policy = users["policy"]
    if Visit.objects.filter(recorded_by=policy).exists():
        return 0
    today = timezone.localdate()
    bodies = {b.code: b for b in Body.objects.filter(code__in=[*CITIES, "08000"])}
    for code, ago, visitors, met, topics, requests, follow_ups in VISITS:
        on = today - D(days=ago)
        visit = visits.save_visit(user=policy, body=bodies[code], data={
            "visited_on": on, "visitors": visitors, "met": met, "topics": topics, "requests": requests})
        for action, due_in, done in follow_ups:
            item = visits.add_follow_up(user=policy, visit=visit, action=action, due_on=on + D(days=due_in))
            if done:
                visits.update_follow_up(user=policy, follow_up=item, data={"done_on": on + D(days=due_in - 5)},
                                        expected_version=item.version)
    _learning(policy, today)
    _meetings(policy, bodies, today)
    _survey(policy, users, today)
    _phases(policy, bodies, today)
    return len(VISITS)


def _learning(policy, today) -> None:
    """The seed's R元 work, a year ago in the demo: a 勉強会 for every body, with the national official's talk,
    group work and a provider's cases, and a 先進地視察 of another prefecture's joint implementation, each with
    its handouts."""
    every = list(Body.objects.order_by("code"))
    study = meetings.save_meeting(user=policy, invited=every, data={
        "kind": Meeting.Kind.STUDY, "title": "任意事業実施促進に係る勉強会（デモ）", "held_on": today - D(days=330),
        "place": "県庁 講堂（デモ）", "agenda": STUDY_AGENDA, "prefecture_attendees": "福祉政策課長、担当2名（デモ）",
        "minutes": "国の担当者から任意事業の意義と財政支援の説明があった。グループワークでは各市の実施上の課題を"
                   "共有し、県の委託事業者から就労準備支援の事例が発表された。（デモ）"})
    meetings.record_attendance(user=policy, meeting=study, expected_version=study.version, attendance={
        body: "福祉担当課 係長、担当（デモ）" for body in every[::2]})
    tour = meetings.save_meeting(user=policy, invited=[], data={
        "kind": Meeting.Kind.STUDY_TOUR, "title": "先進地視察：広域実施の手法・費用・契約・運用（デモ）",
        "held_on": today - D(days=300), "place": "広域実施を行う他県（デモ）", "agenda": TOUR_AGENDA,
        "prefecture_attendees": "福祉政策課長、担当（デモ）",
        "minutes": "県が事業者と契約し、各市とは協定で費用を按分する方式。利用実績に応じた按分と、"
                   "引継ぎの様式を統一したことが定着の鍵とのこと。（デモ）"})
    for meeting, handouts in ((study, STUDY_HANDOUTS), (tour, TOUR_HANDOUTS)):
        for title, name, text in handouts:
            meetings.add_material(user=policy, meeting=meeting, title=title,
                                  upload=SimpleUploadedFile(name, text.encode("utf-8"), "text/plain"))


def _meetings(policy, bodies, today) -> None:
    invited = [bodies[c] for c in (*CITIES, "08000")]
    held = meetings.save_meeting(user=policy, invited=invited, data={
        "kind": Meeting.Kind.OPERATIONS, "title": "第1回 広域実施運営会議（デモ）", "held_on": today - D(days=45),
        "place": "県庁 会議室（デモ）", "agenda": "1. 効果的な支援に向けて（委託事業者からの報告）\n2. グループワーク",
        "prefecture_attendees": "福祉政策課長、担当（デモ）",
        "minutes": "委託事業者から運営上の課題と対応、支援事例の紹介があった。グループワークでは引継ぎの手順を確認した。"})
    meetings.record_attendance(user=policy, meeting=held, expected_version=held.version, attendance={
        bodies["08201"]: "生活福祉課 担当（デモ）", bodies["08202"]: "社会福祉課 係長（デモ）",
        bodies["08220"]: "社会福祉課 担当、自立相談支援機関 主任（デモ）"})
    meetings.save_meeting(user=policy, invited=invited, data={
        "kind": Meeting.Kind.REVIEW, "title": "第2回 広域実施検討会（デモ）", "held_on": today + D(days=20),
        "place": "県庁 会議室（デモ）", "agenda": "仕様書案、支援員の役割、費用負担の考え方、対象候補者数の目安"})


def _survey(policy, users, today) -> None:
    survey = surveys.save_survey(user=policy, bodies=Body.objects.all(), data={
        "title": "一時生活支援事業 広域実施意向調査（デモ）", "due_on": today + D(days=14),
        "purpose": "広域での共同実施に向けて、各自治体の参加意向と課題を伺います。"})
    questions = [surveys.add_question(user=policy, survey=survey, text=t, kind=k, choices=c)
                 for t, k, c in SURVEY_QUESTIONS]
    survey = surveys.send_survey(user=policy, survey=survey, sent_on=today - D(days=10),
                                 expected_version=survey.version)
    for username, values in ANSWERS.items():
        surveys.submit_response(user=users[username], survey=survey,
                                answers={q.pk: v for q, v in zip(questions, values, strict=True)})


def _phases(policy, bodies, today) -> None:
    for code, program, phase, text, ago, response in PROBLEMS:
        body, on = bodies[code], today - D(days=ago)
        if phase is not None:
            phases.set_phase(user=policy, body=body, program=program, phase=phase, note="", recorded_on=on)
        problem = phases.add_problem(user=policy, body=body, program=program, text=text, raised_on=on,
                                     phase=phase or Phase.SUPPORT)
        if response:
            phases.add_response(user=policy, problem=problem, taken_on=on + D(days=7), text=response)
