"""A JSON test client and URL helper for the API's tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse


class Api:
    """A test client that speaks JSON, as anonymous, with a token, or with a session."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, url: str, **params: Any):
        return self.client.get(url, params, headers=self.headers)

    def send(self, method: str, url: str, body: Any = None, raw: str | None = None):
        data = raw if raw is not None else ("" if body is None else json.dumps(body))
        return getattr(self.client, method)(
            url, data=data, content_type="application/json", headers=self.headers
        )

    def post(self, url: str, body: Any = None, **kwargs: Any):
        return self.send("post", url, body, **kwargs)

    def patch(self, url: str, body: Any = None, **kwargs: Any):
        return self.send("patch", url, body, **kwargs)

    def delete(self, url: str):
        return self.send("delete", url)


def url(name: str, *args: Any) -> str:
    return reverse(f"api:{name}", args=args or None)
