"""The demo writes its meeting handouts under MEDIA_ROOT: each test gets its own."""
import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
