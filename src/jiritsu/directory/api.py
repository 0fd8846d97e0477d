"""JSON API of the directory's settings: whether the prefecture publishes its directory through the HSDS API
(/hsds/, hsds_api.py). Read by any staff member; changed by the prefecture's policy staff (policies)."""
import datetime as dt

from django.http import HttpResponse
from ninja import Field, Router, Schema

from jiritsu.core.api_schemas import ERRORS
from jiritsu.core.etags import set_etag

from . import selectors, services
from .models import Publication

router = Router(tags=["directory"])


class PublicationOut(Schema):
    public: bool = Field(..., description="true なら /hsds/ はログインなしで読めます")
    version: int
    updated_at: dt.datetime | None


class PublicationIn(Schema):
    public: bool
    version: int | None = Field(None, ge=0, description="読み込んだ版（省略時は確認しない）")


def _out(row: Publication | None) -> dict:
    return {"public": bool(row and row.public), "version": row.version if row else 1,
            "updated_at": row.updated_at if row else None}


@router.get("/directory/publication", response={200: PublicationOut, **ERRORS}, summary="ディレクトリの公開設定")
def publication(request):
    return _out(selectors.publication_of(request.user))


@router.put("/directory/publication", response={200: PublicationOut, **ERRORS},
            summary="ディレクトリの公開・非公開（県の政策担当者）")
def set_publication(request, payload: PublicationIn, response: HttpResponse):
    """公開すると HSDS API（/hsds/services など）をログインなしで読めるようになります。"""
    row = services.set_publication(user=request.user, public=payload.public, expected_version=payload.version)
    set_etag(response, row)
    return _out(row)
