"""A look-up by primary key, compiled to SQL once and then run for any key.

Django compiles a queryset to SQL every time it runs it: for a filtered look-up of one row that is 1-2 ms of
Python, more than the database needs to answer it. `ByPk(queryset)` compiles `queryset.filter(pk=...)` once
and afterwards only sends the statement with the new key, building the instance as the queryset would
(select_related included).

Only the key changes between runs: whatever else decides the queryset (a user's scope, say) must be part of
the key under which the caller keeps its ByPk (cases.policies.get_case_or_404 keeps one per scope).
"""
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import get_related_populators

from .ids import parse_id
from .prepared import prepared

_STAND_IN = 7_070_707_070_799  # the key while compiling; a number no table holds


class ByPk:
    def __init__(self, queryset):
        if queryset.query.select_for_update:
            raise ValueError("ByPk does not lock: use the queryset, whose evaluation checks for a transaction")
        self.db = queryset.db
        compiler = queryset.filter(pk=_STAND_IN).query.get_compiler(using=self.db)
        try:
            self.sql, params = compiler.as_sql()
        except EmptyResultSet:  # .none(): nothing to find, whatever the key
            self.sql = None
            return
        slots = [i for i, value in enumerate(params) if value == _STAND_IN]
        if len(slots) != 1 or compiler.annotation_col_map:
            raise ValueError("ByPk takes a plain queryset of model instances")
        self.params, self.slot = list(params), slots[0]
        # Prepared on PostgreSQL (core.prepared): a look-up by primary key plans alike whatever the values.
        self.sql = prepared(self.sql)
        # What ModelIterable works out from the compiler on each evaluation, worked out once.
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.attnames = [column[0].target.attname for column in select[self.start:self.end]]
        self.populators = get_related_populators(klass_info, select, self.db)
        self.compiler = compiler
        self.converters = compiler.get_converters([column[0] for column in select[:compiler.col_count]])

    def get(self, pk):
        """The instance with this primary key, or None if the queryset holds none."""
        if self.sql is None:
            return None
        params = self.params.copy()
        params[self.slot] = self.model._meta.pk.get_prep_value(pk)  # ValueError or TypeError, as filter(pk=...)
        if parse_id(params[self.slot]) is None:  # past the database's integers: no row (as the ORM answers)
            return None
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row, = self.compiler.apply_converters([row], self.converters)
        instance = self.model.from_db(self.db, self.attnames, row[self.start:self.end])
        for populator in self.populators:
            populator.populate(row, instance)
        return instance
