"""Schemathesis, driven by /openapi.json: for every operation it generates
requests that fit the description and requests that break it, and checks the
answers against the description (no 5xx, documented status codes, content
types, headers and schemas; invalid input refused, valid input accepted).

The operations are run through Hypothesis directly: schemathesis's own pytest
integration (``from_fixture``) does not run under pytest 9.
"""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
from schemathesis.checks import positive_data_acceptance  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402

from tests.support import check_json_error  # noqa: E402

EXAMPLES = 50  # per operation and mode
# Operations whose every request fits the description: no parameters, or an
# id that may be any string.
UNBREAKABLE = {"/livez", "/readyz", "/healthz", "/metrics", "/openapi.json", "/api/documents/{id}"}
# Operations that look a document up by an id: an unknown one is a 404.
BY_ID = {"/api/documents/{id}", "/api/documents", "/api/related"}
# The one rule the description cannot state: 'from' may not come after 'to'.
CROSS_PARAMETER_ERRORS = {"bad_range"}


@pytest.fixture(scope="module")
def api_schema(app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/openapi.json", app)




@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_matches_its_description(api_schema: Any, mode: GenerationMode) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/search", "/api/documents/{id}", "/api/suggest", "/healthz"}
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and operation.path in UNBREAKABLE:
            continue
        check_operation(operation, mode)


def check_operation(operation: Any, mode: GenerationMode) -> None:
    """Generated requests of one operation, and what their answers must be."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        if mode is GenerationMode.NEGATIVE:
            case.call_and_validate()
            return
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        if 400 <= response.status_code < 500 and operation.path == "/api/search":
            error = check_json_error(response.content, response.status_code)
            assert error["code"] in CROSS_PARAMETER_ERRORS, (case.query, error)
        elif operation.path in BY_ID:
            assert response.status_code in (200, 404), (case.query, response.text)
        else:
            assert response.status_code < 400, (case.query, response.text)

    run()
