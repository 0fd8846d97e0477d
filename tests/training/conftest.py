import pytest

from .builders import make_course


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def course(world, today):
    """(course, lectures, exercise) with the exercise held today, 3 seats."""
    return make_course(world, today)
