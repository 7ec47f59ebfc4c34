"""Every server lesson's OpenAPI is fuzzed with schemathesis: no 5xx, no response off its schema.

Each lesson runs under a real uvicorn (lifespan and all); schemathesis generates valid and
invalid requests from the lesson's own ``/openapi.json`` — a bounded number per operation, with
a fixed seed, so a run is repeatable and takes seconds.
"""

from __future__ import annotations

import importlib
import time

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from course.catalog import load
from course.testing import LiveServer
from tests.lessons import server_packages

EXAMPLES_PER_OPERATION = 12
#: a lesson whose endpoints are slow on purpose (Day 03 sleeps on request) must not make the
#: suite slow: after this many seconds of requests, the remaining examples are not sent
BUDGET_S = 4.0


class BudgetSpent(Exception):
    """Raised to end generation early: enough requests were sent for this lesson."""


def fuzzable() -> list[str]:
    # A raw ASGI lesson without an OpenAPI (Day 04) has nothing to fuzz.
    return [p for p in server_packages() if load(p).openapi]


@pytest.mark.parametrize("package", fuzzable())
def test_openapi_fuzz(package: str) -> None:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import response_schema_conformance

    app = importlib.import_module(f"{package}.app").create_app()
    server = LiveServer(app)
    server.start()
    try:
        schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert operations, "the lesson documents no operations"
        strategies = [
            op.as_strategy(generation_mode=mode)
            for op in operations
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]

        started = time.monotonic()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION * len(strategies),
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            # No shrinking: a failure is reported as found (and BudgetSpent ends the run at once).
            phases=(Phase.explicit, Phase.generate),
        )
        @given(case=st.one_of(strategies))
        def fuzz(case) -> None:  # type: ignore[no-untyped-def]
            if time.monotonic() - started > BUDGET_S:
                raise BudgetSpent
            response = case.call(base_url=server.url, timeout=10)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            fuzz()
        except BudgetSpent:
            pass  # the time budget ran out before the example budget: that is fine
    finally:
        server.stop()
