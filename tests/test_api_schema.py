"""A schemathesis run against /openapi.json: no server error, no response that breaks the schema.

Bounded: a fixed number of generated requests per operation, no deadline; the
app runs in-process on a copy of the examples database (pushed articles go
through the real pipeline into that copy). Operations are driven with
Hypothesis directly (schemathesis' pytest plugin does not load under pytest 9).
"""

from __future__ import annotations

import shutil

import schemathesis
from hypothesis import HealthCheck, given, settings

from storyline.web import create_app

EXAMPLES_PER_OPERATION = 25
TOKEN = "schemathesis-token"
SLOW_OPERATIONS = {"POST /api/v1/articles": 8, "POST /api/v1/articles/upload": 8}  # each runs the NLP pipeline


def test_api_conforms_to_its_openapi_document(examples_db, tmp_path):
    db = tmp_path / "storyline.db"
    shutil.copy(examples_db[0], db)
    # with a token, as a team would serve it: pushing needs it (and must refuse bad ones), reading does not
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(f"sqlite:///{db}", token=TOKEN))
    checked, failures, calls = [], [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        examples = SLOW_OPERATIONS.get(operation.label, EXAMPLES_PER_OPERATION)

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            calls.append(case.operation.label)
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})

        try:
            call()
        except Exception as error:  # noqa: BLE001 - every operation is checked, all failures reported
            failures.append(f"{operation.label}: {error}")
        checked.append(operation.label)
    assert len(checked) >= 12, checked
    assert len(calls) >= 10 * len(checked), f"only {len(calls)} requests were generated"
    print(f"{len(calls)} requests over {len(checked)} operations")
    assert not failures, "\n\n".join(failures)
