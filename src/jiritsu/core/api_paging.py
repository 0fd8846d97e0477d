"""Every list of the JSON API pages the same way (the case and meeting lists, and every domain's lists).

`?page=` from 1 (past MAX_PAGE is refused, 422), `?per_page=` from 1 to MAX_PER_PAGE (default 50). The answer
carries the total `count`, the number of `pages`, the page's `per_page` (also as `page_size`, its older name)
and `links` to the first, last, previous and next pages, which keep the list's other query parameters (its
filters). A page past the last is empty, not an error. Weak ETags for lists are set in api.middleware."""
import math

from django.core.paginator import Paginator
from ninja import Field, Query, Schema

from .ids import MAX_PAGE

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def page_param():
    """A list's `?page=` (from 1): a number past MAX_PAGE is refused (422), not sent to the database."""
    return Query(1, ge=1, le=MAX_PAGE, description="ページ番号（1から）", examples=[1])


def per_page_param():
    """A list's `?per_page=`: how many rows a page holds."""
    return Query(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE,
                 description=f"1ページの件数（1〜{MAX_PER_PAGE}、既定 {DEFAULT_PER_PAGE}）", examples=[50])


class PageLinks(Schema):
    self: str = Field(..., examples=["/api/cases?page=2&per_page=50"])
    first: str
    last: str
    prev: str | None = Field(None, description="前のページ（最初のページでは null）")
    next: str | None = Field(None, description="次のページ（最後のページでは null）")


class PageMeta(Schema):
    """The paging part of every list answer; a list's schema adds `items`."""

    count: int = Field(..., description="条件に合う全件数", examples=[123])
    page: int = Field(..., description="このページの番号（1から）", examples=[1])
    pages: int = Field(..., description="全ページ数（0件でも1）", examples=[3])
    per_page: int = Field(..., description="1ページの件数", examples=[50])
    page_size: int = Field(..., description="per_page と同じ（旧名）", examples=[50])
    links: PageLinks


def _link(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{query.urlencode()}"


def paginate(request, rows, page: int, per_page: int = DEFAULT_PER_PAGE) -> tuple[dict, list]:
    """The paging part of the answer and the page's rows of `rows` (an ordered queryset or a list)."""
    count = Paginator(rows, per_page).count
    pages = max(1, math.ceil(count / per_page))
    items = list(rows[(page - 1) * per_page: page * per_page])
    links = {"self": _link(request, page), "first": _link(request, 1), "last": _link(request, pages),
             "prev": _link(request, min(page - 1, pages)) if page > 1 else None,
             "next": _link(request, page + 1) if page < pages else None}
    meta = {"count": count, "page": page, "pages": pages, "per_page": per_page, "page_size": per_page,
            "links": links}
    return meta, items
