"""Identifiers a case's record does not hold: other people's names, schools, workplaces, staff named by their
title, addresses below the municipality and house numbers, found in free text by GiNZA (spaCy's Japanese model
`ja_ginza`: named entities and Sudachi's part-of-speech tags, which mark family and given names from a
dictionary) together with rules and word lists for what the model misses.

The model is loaded once per process, on first use (a second or so and a few hundred MB), never at import.
"""
import re
import threading
from dataclasses import dataclass

NAME, STAFF, SCHOOL, WORKPLACE, ADDRESS = "［氏名］", "［職員］", "［学校］", "［勤務先］", "［住所］"
KIND = {NAME: "氏名", STAFF: "職員名", SCHOOL: "学校名", WORKPLACE: "勤務先", ADDRESS: "住所"}

_lock = threading.Lock()
_model = None


def nlp():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import spacy  # heavy: only when a text is first de-identified

                _model = spacy.load("ja_ginza", disable=["compound_splitter", "bunsetu_recognizer"])
    return _model


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    replacement: str

    @property
    def kind(self) -> str:
        return KIND[self.replacement]


# Words after a name that make it a person's (kept in the text: "［氏名］くん" still reads as a child).
HONORIFICS = ("くん", "君", "さん", "ちゃん", "様", "さま", "氏", "殿")
# Titles after a family name that make it a staff member's.
STAFF_TITLES = ("ケースワーカー", "CW", "ＣＷ", "相談員", "相談支援員", "支援員", "就労支援員", "主任", "係長", "課長",
                "課長補佐", "所長", "センター長", "保健師", "看護師", "社会福祉士", "精神保健福祉士", "医師", "先生", "社長",
                "店長", "工場長", "事務長", "施設長", "民生委員", "担当", "弁護士", "司法書士")
# Common nouns that come before さん and are not names.
NOT_NAMES = {"お母", "お父", "母", "父", "お兄", "兄", "お姉", "姉", "奥", "息子", "娘", "お子", "子", "大家", "皆",
             "本人", "利用者", "相談者", "職員", "家主", "管理人", "近所", "隣", "友達", "店員", "配達", "担当", "皆様",
             "お客", "看護師", "先生", "医師", "親御", "旦那", "嫁", "孫", "彼女", "彼", "相手", "妹", "弟", "叔母",
             "叔父", "伯母", "伯父", "祖母", "祖父", "おばあ", "おじい", "ばあ", "じい", "おば", "おじ", "相談員", "支援員"}
_SCHOOL_END = re.compile(r"(小学校|中学校|高等学校|高校|中学|小学|大学|短期大学|短大|専門学校|高等専門学校|高専|支援学校|"
                         r"養護学校|保育園|保育所|幼稚園|こども園|学園|学院|学童クラブ|学童)$")
_WORK_END = re.compile(r"(株式会社|有限会社|合同会社|\(株\)|（株）|\(有\)|（有）|商事|工業|製作所|建設|運輸|港運|運送|食品|水産|物産|"
                       r"商店|工務店|病院|クリニック|医院|歯科|整骨院|薬局|スーパー|ストア|マート|農園|農場|牧場|工場|"
                       r"事業所|営業所|ホーム|荘|会館|ホテル|旅館|食堂|酒店|書店|電機|電気|印刷|精工|精機|機械|技研|産業|興業|組|店)$")
_WORK_START = re.compile(r"^(株式会社|有限会社|合同会社|\(株\)|（株）|\(有\)|（有）|医療法人|社会福祉法人|スーパー|コンビニ|"
                         r"ケアホーム|グループホーム|デイサービス|シェルター|ファミリーマート|セブンイレブン|ローソン|"
                         r"JA|ＪＡ|特別養護老人ホーム|老人ホーム|ホームセンター|ドラッグストア|ドラッグ)")
_NUMBER = r"[0-9０-９]+"
_KANJI_NUMBER = r"[0-9０-９一二三四五六七八九十〇]+"
_HOUSE_NUMBER = re.compile(
    rf"(?:{_KANJI_NUMBER}丁目(?:{_NUMBER}(?:番地?|[-－ー‐−]))?(?:{_NUMBER}号?)?"
    rf"|{_NUMBER}番地(?:の{_NUMBER})?(?:{_NUMBER}号)?"
    rf"|{_NUMBER}番{_NUMBER}号"
    rf"|(?<![0-9０-９/年月.])[0-9０-９]{{1,4}}[-－‐−][0-9０-９]{{1,4}}(?:[-－‐−][0-9０-９]{{1,4}})?(?![0-9０-９/])"
    rf"|{_NUMBER}号棟{_NUMBER}号室?|{_NUMBER}号(?:室|棟))")
# A town, district or building name just before a house number: 助川町, 大字小木津, コーポ幸, 県営鮎川団地.
_PLACE_BEFORE = re.compile(r"(?:大字|字)?[\u4e00-\u9fff々ヶケァ-ヺー]{1,10}(?:町|台|丘|団地|住宅|ハイツ|荘|コーポ|"
                           r"マンション|アパート|レジデンス|メゾン|ハイム|通り|本町|新町|[東西南北])?\s*$")
_BUILDING = re.compile(r"(?:コーポ|ハイツ|メゾン|レジデンス|ハイム|シャトー|グラン|パレス|"
                       r"県営|市営|町営)[\u4e00-\u9fff々ァ-ヺー]{1,10}(?:団地|住宅|荘)?|[\u4e00-\u9fff々ァ-ヺー]{1,8}(?:団地|荘|ハイツ|"
                       r"コーポ|マンション|アパート)")
_MUNICIPALITY = re.compile(r"[\u4e00-\u9fff々ヶケ]{1,6}?[市区](?=[\u4e00-\u9fff々ヶケ]{1,8}?(?:町|台|丘)?"
                           rf"(?:{_KANJI_NUMBER}丁目|{_NUMBER}))")

_PERSON_TAGS = ("名詞-固有名詞-人名",)
_NOUNISH = {"NOUN", "PROPN", "NUM"}


def find(text: str) -> list[Found]:
    """Every identifier found in the text, longest first where two overlap."""
    doc = nlp()(text)
    found: list[Found] = []
    found += _entities(doc)
    found += _names_by_dictionary(doc)
    found += _names_before_honorifics(text)
    found += _names_before_titles(doc)
    found += _institutions(doc)
    found += _addresses(text)
    return _without_overlaps(found)


def _entities(doc) -> list[Found]:
    out = []
    for ent in doc.ents:
        if ent.label_ == "Person":
            out += _person(doc.text, ent.start_char, ent.end_char)
        elif ent.label_ in ("Company", "Corporation_Other", "Company_Group"):
            out.append(Found(ent.start_char, ent.end_char, WORKPLACE))
        elif ent.label_ in ("School", "Academic") and _SCHOOL_END.search(ent.text):
            out.append(Found(ent.start_char, ent.end_char, SCHOOL))
        elif ent.label_ == "Postal_Address":
            out.append(Found(ent.start_char, ent.end_char, ADDRESS))
    return out


def _person(text: str, start: int, end: int) -> list[Found]:
    """A Person entity, a staff title it swallowed taken off (田中ケースワーカー → the name is 田中, a staff
    member's)."""
    span = text[start:end]
    for title in STAFF_TITLES:
        if span.endswith(title) and len(span) > len(title):
            return [Found(start, end - len(title), STAFF)]
    for honorific in HONORIFICS:
        if span.endswith(honorific) and len(span) > len(honorific):
            end -= len(honorific)
            break
    if text[start:end] in NOT_NAMES:
        return []
    if re.search(r"[0-9０-９]", text[start:end]):  # the model took an address for a name
        return [Found(start, end, ADDRESS)]
    return [Found(start, end, STAFF if text.startswith(STAFF_TITLES, end) else NAME)]


def _names_by_dictionary(doc) -> list[Found]:
    """Runs of tokens Sudachi's dictionary tags as family or given names, whatever the model made of them."""
    out, run = [], []
    for token in [*doc, None]:
        if token is not None and token.tag_.startswith(_PERSON_TAGS):
            run.append(token)
            continue
        if run:
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            if doc.text[start:end] not in NOT_NAMES:
                out.append(Found(start, end, STAFF if doc.text.startswith(STAFF_TITLES, end) else NAME))
            run = []
    return out


_HONORIFIC_NAME = re.compile(r"([\u4e00-\u9fff々]{1,4}|[ァ-ヺー]{2,8}|[ぁ-ゖー]{2,6})(?=くん|君|ちゃん|さん|様|さま|氏)")


def _names_before_honorifics(text: str) -> list[Found]:
    """A word right before くん/ちゃん/さん/様 is a name unless it is a relation or a role (お母さん, 大家さん)."""
    out = []
    for m in _HONORIFIC_NAME.finditer(text):
        word = m.group(1)
        if word in NOT_NAMES or any(word.endswith(n) for n in NOT_NAMES if len(n) > 1):
            continue
        if re.fullmatch(r"[ぁ-ゖー]+", word) and word.startswith(("お", "ご")):  # おばあちゃん, お客さん
            continue
        out.append(Found(m.start(1), m.end(1), NAME))
    return out


def _names_before_titles(doc) -> list[Found]:
    """田中CW, 佐藤主任, 鈴木先生: a proper noun (or an unknown kanji word) right before a staff title."""
    out = []
    text = doc.text
    for i, token in enumerate(doc):
        if i == 0 or not text.startswith(STAFF_TITLES, token.idx):
            continue
        prev = doc[i - 1]
        if prev.pos_ in ("PROPN", "NOUN") and re.fullmatch(r"[\u4e00-\u9fff々]{1,4}", prev.text) \
                and prev.text not in NOT_NAMES and not prev.tag_.startswith("名詞-普通名詞"):
            out.append(Found(prev.idx, prev.idx + len(prev.text), STAFF))
    return out


_STOP_POS = {"ADP", "PUNCT", "AUX", "SCONJ", "CCONJ", "SYM", "ADV"}
# Context words that come before an institution's name and are not part of it.
_CONTEXT = {"元", "本人", "求人", "前", "現在", "当時", "同じ", "近く", "近所", "地元", "市内", "県内", "町内", "先", "ため",
            "受診", "勤務", "通院", "入院", "通所", "入所", "見学", "紹介", "面接", "退園", "妻", "夫", "母", "父"}


def _institutions(doc) -> list[Found]:
    """Schools and workplaces by their endings (日立第三中学校, 大洗水産, まつば幼稚園) or beginnings (株式会社…,
    ケアホーム…): the tokens of the name, up to a particle, a punctuation mark or a context word, since the
    model's part-of-speech tags for shop and school names are unreliable (ひまわり as a verb, さくら as a number)."""
    out = []
    tokens = list(doc)

    def part_of_name(token) -> bool:
        return (token.pos_ not in _STOP_POS and token.text not in _CONTEXT and not token.tag_.startswith("動詞")
                and not token.tag_.startswith("名詞-普通名詞-副詞可能"))

    for i, token in enumerate(tokens):
        start = i
        while start > 0 and i - start < 5 and part_of_name(tokens[start - 1]):
            start -= 1
        words = "".join(t.text for t in tokens[start:i + 1])
        ending = _SCHOOL_END.search(words) or _WORK_END.search(words)
        if ending and ending.start() > 0 and start <= i:
            kind = SCHOOL if _SCHOOL_END.search(words) else WORKPLACE
            out.append(Found(tokens[start].idx, token.idx + len(token.text), kind))
        if _WORK_START.match(token.text):
            end = i
            while end + 1 < len(tokens) and end - i < 4 and part_of_name(tokens[end + 1]):
                end += 1
            if end > i:
                out.append(Found(token.idx, tokens[end].idx + len(tokens[end].text), WORKPLACE))
    return out


def _addresses(text: str) -> list[Found]:
    """House numbers and the town or building just before them; a municipality before a town stays (it is
    generalised elsewhere)."""
    out = []
    for m in _HOUSE_NUMBER.finditer(text):
        start = m.start()
        before = _PLACE_BEFORE.search(text[max(0, start - 12):start])
        if before and before.group().strip():
            start -= len(before.group())
            municipality = _MUNICIPALITY.match(text, start)
            if municipality:
                start = municipality.end()
        out.append(Found(start, m.end(), ADDRESS))
    for m in _BUILDING.finditer(text):
        out.append(Found(m.start(), m.end(), ADDRESS))
    return out


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Overlapping finds become one span covering both (nothing found is left half-shown), named as the longest."""
    merged: list[Found] = []
    for f in sorted((f for f in found if f.end > f.start), key=lambda f: f.start):
        last = merged[-1] if merged else None
        if last is not None and f.start < last.end:
            longest = max((last, f), key=lambda x: x.end - x.start)
            merged[-1] = Found(last.start, max(last.end, f.end), longest.replacement)
        else:
            merged.append(f)
    return merged
