"""Send JSON to the API from a Django test client."""

from __future__ import annotations

from django.test import Client


def post_json(client: Client, url: str, data: object):
    return client.post(url, data, content_type="application/json")


def patch_json(client: Client, url: str, data: object):
    return client.patch(url, data, content_type="application/json")
