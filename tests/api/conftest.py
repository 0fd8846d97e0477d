"""Calling the API as a given user: with a bearer token (integrations) or a browser session."""
import pytest

from jiritsu.api.models import ApiToken


class ApiCaller:
    """`api.as_(user).post(url, {...})` sends JSON with that user's bearer token."""

    def __init__(self, client, headers=None):
        self.client = client
        self.headers = headers or {}

    def as_(self, user):
        _token, raw = ApiToken.issue(user=user, label="test", can_write=True)
        return ApiCaller(self.client, {"Authorization": f"Bearer {raw}"})

    def with_headers(self, **headers):
        """The same caller sending extra headers, e.g. `with_headers(If_Match='W/"3"')`."""
        return ApiCaller(self.client, {**self.headers, **{k.replace("_", "-"): v for k, v in headers.items()}})

    def get(self, url, **params):
        return self.client.get(url, params, headers=self.headers)

    def _send(self, method, url, data):
        return getattr(self.client, method)(url, data or {}, content_type="application/json", headers=self.headers)

    def post(self, url, data=None):
        return self._send("post", url, data)

    def patch(self, url, data=None):
        return self._send("patch", url, data)

    def put(self, url, data=None):
        return self._send("put", url, data)

    def delete(self, url):
        return self._send("delete", url, None)


@pytest.fixture
def api(client):
    return ApiCaller(client)
