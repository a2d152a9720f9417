"""The OpenAPI 3 schema: valid, complete for the first endpoints, honest about methods."""

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient


@pytest.fixture
def schema(db):
    r = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    return r.json()


def test_the_schema_is_a_valid_openapi_3_document(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema


def test_the_schema_lists_the_endpoints(schema):
    paths = schema["paths"]
    for path in (
        "/api/token/",
        "/api/committee/",
        "/api/committee-posts/",
        "/api/committee-posts/{id}/end/",
        "/api/units/",
        "/api/units/{id}/",
        "/api/units/{id}/retire/",
        "/api/units/{id}/reinstate/",
        "/api/membership-changes/",
        "/api/seats/",
        "/api/seats/{id}/",
        "/api/seats/{id}/replace/",
        "/api/seats/{id}/end/",
        "/api/people/",
        "/api/people/{id}/",
        "/api/people/{id}/reset-password/",
        "/api/people/{id}/set-active/",
        "/api/audit/",
        "/api/jobs/",
    ):
        assert path in paths, path
    # Nothing is deleted and nothing is replaced whole.
    for path, operations in paths.items():
        assert "delete" not in operations and "put" not in operations, path


def test_the_schema_describes_the_input_and_filters(schema):
    paths = schema["paths"]
    units = {p["name"] for p in paths["/api/units/"]["get"]["parameters"]}
    assert {"name", "category", "status", "page"} <= units
    seats = {p["name"] for p in paths["/api/seats/"]["get"]["parameters"]}
    assert {"unit", "seat", "current"} <= seats
    people = {p["name"] for p in paths["/api/people/"]["get"]["parameters"]}
    assert {"role", "unit", "active", "search"} <= people
    replace = paths["/api/seats/{id}/replace/"]["post"]["requestBody"]["content"]
    ref = replace["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = schema["components"]["schemas"][ref]["properties"]
    assert set(fields) == {"new_holder", "new_person", "on", "reason", "disable_leaver"}
    created = paths["/api/people/"]["post"]["responses"]["201"]["content"]["application/json"]
    ref = created["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "temporary_password" in schema["components"]["schemas"][ref]["properties"]
    for name, component in schema["components"]["schemas"].items():
        if name.startswith("Person"):
            assert "password" not in component.get("properties", {}), name


def test_the_swagger_ui_is_served_without_a_cdn(db):
    r = APIClient().get("/api/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "/api/schema/" in html and "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


def test_errors_are_documented(schema):
    retire = schema["paths"]["/api/units/{id}/retire/"]["post"]["responses"]
    for code in ("200", "400", "401", "403", "404"):
        assert code in retire, code
    error = retire["400"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"detail", "code", "field"} <= set(schema["components"]["schemas"][error]["properties"])
