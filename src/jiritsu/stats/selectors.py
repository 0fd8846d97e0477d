"""Reads for the statistics pages beyond the counts: the cases behind a count (always within the reader's case
scope, cases.policies) and the bodies a prefecture's charts follow. Callers audit the cases they show."""
from jiritsu.cases import policies
from jiritsu.orgs.models import Body, Prefecture


def openable_cases(*, user, among):
    """Those of `among` (a queryset of cases) that the user may open, with their person, oldest first."""
    return (policies.visible_cases(user).filter(pk__in=among.values("pk"))
            .select_related("client").order_by("received_on", "pk"))


def bodies_of(*, prefecture: Prefecture) -> list[Body]:
    """The prefecture's bodies, by code."""
    return list(prefecture.bodies.order_by("code"))
