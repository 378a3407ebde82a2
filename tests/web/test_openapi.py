"""The OpenAPI document merged from the audiences' parts describes exactly the gateway's API:
every API route and method is in it, and it names none the gateway does not serve."""
from __future__ import annotations

import re

from starlette.routing import Route

from bot.web.app import create_app
from bot.web.openapi import OPENAPI

# The report's pictures are reached through the report's own links, not called by a client.
UNDESCRIBED = {"/api/content/retrain/{id}/{picture}"}
_METHODS = {"get", "post", "put", "patch", "delete"}


def _served():
    """The API's paths as the document writes them ({id}, not {id:int}), with their methods."""
    served = {}
    for route in create_app().routes:
        if isinstance(route, Route) and (route.path.startswith("/api/") or route.path == "/openapi.json"):
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
            served.setdefault(path, set()).update(m.lower() for m in route.methods if m != "HEAD")
    return served


def test_every_api_route_is_described_and_every_described_route_is_served():
    served = _served()
    described = {path: set(item) & _METHODS for path, item in OPENAPI["paths"].items()}
    assert {path: methods for path, methods in served.items() if path not in UNDESCRIBED} == described


def test_every_reference_names_a_schema():
    names = set(re.findall(r'"\$ref": "#/components/schemas/(\w+)"', repr(OPENAPI).replace("'", '"')))
    assert names and names <= set(OPENAPI["components"]["schemas"])
