"""Rows of several tables in one query: each table's rows come back as one JSON array.

A page about one subject (the case page) shows a dozen small kinds of record. Read with one query per
kind, the ORM compiles a dozen statements and waits for a dozen round trips, each planned by the
database, and that was most of the page's cost. Here one statement selects, per kind, a correlated subquery
aggregating the kind's rows into a JSON array (PostgreSQL json_agg, SQLite json_group_array); the rows
become model instances again through Model.from_db, with the values Django would have given them.

Only what the ORM would read is read: each kind names its model, a condition on the model's table (the
subject's id as every %s) and, if not every column, the fields to load (the others are deferred, so a
later access reads them as it would after .only()). Conditions may name `shared` subqueries (a WITH
clause, computed once for all kinds). Relations between the instances are for the caller to set; the
order of the rows is not kept (sort them).
"""
import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from .prepared import prepared


@dataclass(frozen=True)
class Rows:
    model: type
    where: str  # SQL condition on the model's table; each %s is the subject's id
    fields: tuple[str, ...] = ()  # attnames to load; all concrete fields when empty


def fetch(kinds: tuple[Rows, ...], subject_id, *, shared: tuple[tuple[str, str], ...] = (),
          using: str = "default") -> list[list]:
    """For each kind, its model instances (in no particular order). `shared`: (name, SQL) pairs."""
    sql, loaders = _compiled(kinds, shared, using, connections[using].vendor)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [subject_id] * sql.count("%s"))
        arrays = cursor.fetchone()
    return [load(_parse(array), using) for load, array in zip(loaders, arrays, strict=True)]


def _parse(array) -> list:
    if array is None:
        return []
    return json.loads(array) if isinstance(array, str | bytes) else array


@cache
def _compiled(kinds: tuple[Rows, ...], shared: tuple[tuple[str, str], ...], using: str, vendor: str):
    if vendor not in _AGGREGATE:
        raise ImproperlyConfigured(f"jsonrows reads PostgreSQL and SQLite only, not {vendor}")
    qn = connections[using].ops.quote_name
    parts, loaders = [], []
    for kind in kinds:
        fields = _fields(kind)
        parts.append(_subquery(kind, fields, vendor, qn))
        loaders.append(_loader(kind.model, fields))
    common = "WITH " + ", ".join(f"{name} AS ({sql})" for name, sql in shared) + " " if shared else ""
    # Prepared: a dozen correlated subqueries take twice as long to plan as to run (core.prepared).
    return prepared(common + "SELECT " + ", ".join(parts)), loaders


def _fields(kind: Rows) -> list:
    meta = kind.model._meta
    if not kind.fields:
        return list(meta.concrete_fields)
    wanted = set(kind.fields) | {meta.pk.attname}
    return [f for f in meta.concrete_fields if f.attname in wanted]


_AGGREGATE = {
    "postgresql": "COALESCE(JSON_AGG(JSON_BUILD_ARRAY({columns})), '[]')",
    "sqlite": "JSON_GROUP_ARRAY(JSON_ARRAY({columns}))",
}


def _subquery(kind: Rows, fields: list, vendor: str, qn) -> str:
    columns = ", ".join(
        # JSON columns are text in SQLite: json() embeds them as JSON, as PostgreSQL embeds jsonb.
        f"JSON({qn(f.column)})" if vendor == "sqlite" and f.get_internal_type() == "JSONField" else qn(f.column)
        for f in fields
    )
    table = qn(kind.model._meta.db_table)
    return f"(SELECT {_AGGREGATE[vendor].format(columns=columns)} FROM {table} WHERE {kind.where})"


def _loader(model, fields: list):
    names = [f.attname for f in fields]
    converters = [_converter(f) for f in fields]

    def load(rows: list, using: str) -> list:
        return [
            model.from_db(using, names, [None if v is None else convert(v)
                                         for convert, v in zip(converters, row, strict=True)])
            for row in rows
        ]

    return load


def _same(value):
    return value


def _datetime(value: str) -> dt.datetime:
    # PostgreSQL writes the offset of the session's time zone (UTC under USE_TZ, which the project sets);
    # SQLite stores naive UTC.
    stamp = dt.datetime.fromisoformat(value)
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.UTC)


_CONVERTERS = {
    "AutoField": _same, "BigAutoField": _same, "SmallAutoField": _same,
    "IntegerField": _same, "BigIntegerField": _same, "SmallIntegerField": _same,
    "PositiveIntegerField": _same, "PositiveBigIntegerField": _same, "PositiveSmallIntegerField": _same,
    "CharField": _same, "TextField": _same, "SlugField": _same, "EmailField": _same,
    "BooleanField": bool,  # SQLite stores 0 and 1
    "DateField": dt.date.fromisoformat,
    "DateTimeField": _datetime,
    "JSONField": _same,  # already embedded as JSON by both databases
}


def _converter(field):
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    if kind not in _CONVERTERS or getattr(field, "decoder", None) is not None:
        # Fail when the statement is first built, not with a wrong value later.
        raise TypeError(f"jsonrows has no reader for {field.model.__name__}.{field.name} ({kind})")
    return _CONVERTERS[kind]
