"""The JSON API fuzzed against its own OpenAPI schema with schemathesis: no generated request gets a 5xx,
signed in (as the owner of a scenario, with the CSRF token) or not. Bounded: a few examples per operation,
replayed deterministically."""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from webtest import Browser  # noqa: E402


def _fuzz(app: Any, examples: int, headers: dict[str, str], cookies: dict[str, str]) -> list[str]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, "the API lost operations"
    for op in operations:

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(op.as_strategy())
        def run(case: Any) -> None:
            response = case.call(headers=headers, cookies=cookies)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
                )

        run()
    return failures


def test_no_server_error_on_generated_requests(app: Any, client_factory: Any) -> None:
    owner: Browser = client_factory()
    owner.signup("fuzz@example.org")
    doc = {
        "title": "Fuzz",
        "actors": [{"id": "a", "name": "Ana"}, {"id": "b"}],
        "issues": [{"id": "x"}],
        "positions": {"a": {"x": 20}, "b": {"x": 80}},
    }
    assert owner.api("POST", "/api/scenarios", json={"document": doc}).status_code == 201
    signed_in = _fuzz(app, 6, {"X-CSRF-Token": owner.csrf}, dict(owner.client.cookies))
    anonymous = _fuzz(app, 3, {}, {})
    assert signed_in == []
    assert anonymous == []
