"""The OpenAPI document says every status each route answers, errors as problem+json, and
the cursor's format (schemathesis in test_fuzz.py then holds the answers to it)."""

from __future__ import annotations

import pytest

PROBLEM = "application/problem+json"
EXPECTED = {
    ("get", "/v1/health"): {"200", "503"},
    ("get", "/v1/whoami"): {"200", "401", "422", "503"},
    ("get", "/v1/incidents"): {"200", "401", "422", "503"},
    ("put", "/v1/incidents/{incident_id}"): {"200", "201", "400", "401", "403", "404", "413",
                                            "422", "503"},
    ("put", "/v1/incidents/{incident_id}/restriction"): {"200", "400", "401", "403", "404",
                                                         "413", "422", "503"},
    ("post", "/v1/incidents/{incident_id}/events"): {"200", "400", "401", "403", "404", "413",
                                                     "422", "503"},
    ("get", "/v1/incidents/{incident_id}/events"): {"200", "400", "401", "403", "404", "409",
                                                    "422", "503"},
}  # fmt: skip


@pytest.fixture
async def doc(api) -> dict:
    r = await api.client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


@pytest.mark.parametrize(("method", "path"), list(EXPECTED))
async def test_every_status_of_a_route_is_documented(doc, method, path):
    responses = doc["paths"][path][method]["responses"]
    assert set(responses) == EXPECTED[(method, path)]
    for status, answer in responses.items():
        if int(status) >= 400:
            assert list(answer["content"]) == [PROBLEM], status
            assert answer["content"][PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}
            assert answer["description"]
        else:
            assert "$ref" in answer["content"]["application/json"]["schema"], status
    if "401" in responses:
        assert "WWW-Authenticate" in responses["401"]["headers"]
    assert "Retry-After" in responses["503"]["headers"]


async def test_the_problem_and_the_cursor_are_described(doc):
    problem = doc["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    page = doc["components"]["schemas"]["PullPage"]["properties"]["cursor"]
    assert "EPOCH:SEQ" in page["description"] and page["pattern"]
    after = next(p for p in doc["paths"]["/v1/incidents/{incident_id}/events"]["get"]["parameters"]
                 if p["name"] == "after")  # fmt: skip
    assert "EPOCH:SEQ" in after["schema"]["description"] or "EPOCH:SEQ" in after.get(
        "description", ""
    )
