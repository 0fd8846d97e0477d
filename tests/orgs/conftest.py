import pytest

from jiritsu.orgs.models import Organisation, Role
from tests.factories import make_user


@pytest.fixture
def prep_manager(world):
    """A provider's own staff manager: manages the provider's accounts and nothing else."""
    return make_user("prep_manager", world.prep_provider, Role.PROVIDER_STAFF, manages_staff=True,
                     name="就労準備 管理者")


@pytest.fixture
def pref_office_admin(world):
    """An administrator at one of the prefecture's welfare offices (the body of towns and villages)."""
    office = Organisation.objects.filter(kind=Organisation.Kind.BODY_OFFICE, body__code="08000").first()
    return make_user("pref_office_admin", office, Role.BODY_ADMIN, manages_staff=True, name="県 福祉事務所 担当")
