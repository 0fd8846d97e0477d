"""Who may read the monthly survey: the prefecture's policy staff any unit (counts only), a body's owner
side its own body, with the cases behind each count."""
from jiritsu.cases import policies
from jiritsu.orgs.models import Role
from jiritsu.orgs.policies import role_of


def can_view_survey(user) -> bool:
    staff = policies.staff_of(user)
    if staff is None:
        return False
    return staff.role == Role.PREFECTURE_POLICY or (policies.is_owner_side(user) and staff.organisation.body_id)


def sees_every_unit(user) -> bool:
    return role_of(user) == Role.PREFECTURE_POLICY


def can_drill_down(user, unit) -> bool:
    """Only the owner side of the unit's own body opens cases; the prefecture never gets names."""
    staff = policies.staff_of(user)
    return policies.is_owner_side(user) and unit.body is not None and staff.organisation.body_id == unit.body.pk


def unit_choices(user) -> list[tuple[str, str]]:
    """The reporting units the user may look at: every unit for the prefecture, the own body otherwise."""
    if not can_view_survey(user):
        return []
    staff = policies.staff_of(user)
    if sees_every_unit(user):
        pref = staff.organisation.prefecture
        units = [(pref.code, f"{pref.name}（指定都市・中核市を除く、国の公表単位）")]
        return units + [(b.code, f"{b.name}（{b.code}）") for b in pref.bodies.order_by("code")]
    body = staff.organisation.body
    return [(body.code, f"{body.name}（{body.code}）")]


def sees_small_counts(user) -> bool:
    """Counts of 1 to 4 (and what gives them away) only for the owner side of a body, which records them; the
    prefecture's policy staff see every comparison as the published, suppressed figures (stats.public)."""
    return not sees_every_unit(user)
