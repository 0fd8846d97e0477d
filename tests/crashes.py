"""Where requests failed with a server error, for tests that send many and report every failure at once."""
import sys
import traceback
from contextlib import contextmanager

from django.core.signals import got_request_exception


def _where() -> str:
    kind, error, tb = sys.exc_info()
    ours = [frame for frame in traceback.extract_tb(tb) if "/jiritsu/" in frame.filename]
    return "".join(traceback.format_list(ours[-3:])) + "".join(traceback.format_exception_only(kind, error))


@contextmanager
def recording_crashes():
    """A list that gets, for every request failing with an exception, the last frames of ours and the error."""
    crashes: list[str] = []

    def crashed(sender, request=None, **kwargs):
        crashes.append(_where())

    got_request_exception.connect(crashed)
    try:
        yield crashes
    finally:
        got_request_exception.disconnect(crashed)
