"""The read-only HSDS API as another portal uses it: every path of the OpenAPI
description it serves answers, and the answers validate against Open Referral's own
JSON Schemas (formats checked); paging, search and filters as the API specification
defines them; public data only; cached per data version; readable from any site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.harness.hsds_official import schema_errors
from tests.harness.routes import route_client

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api(tmp_path_factory) -> Iterator[TestClient]:
    """The app's routes on the default install's store (sample and real open data)."""
    with route_client(tmp_path_factory.mktemp("hsds")) as client:
        yield client


def test_every_path_the_served_openapi_names_answers_with_what_its_schema_says(api):
    description = api.get("/hsds/openapi.json").json()
    assert description["openapi"] == "3.1.0" and description["servers"] == [{"url": "/hsds"}]
    assert "Familienkarte" in description["info"]["title"]
    examples = {
        "services": api.get("/hsds/services").json()["contents"][0]["id"],
        "organizations": api.get("/hsds/organizations").json()["contents"][0]["id"],
        "taxonomies": api.get("/hsds/taxonomies").json()["contents"][0]["id"],
        "taxonomy_terms": api.get("/hsds/taxonomy_terms").json()["contents"][0]["id"],
    }
    checked = 0
    for path, spec in description["paths"].items():
        kind = path.split("/")[1]
        url = "/hsds" + path.replace("{id}", examples.get(kind, ""))
        response = api.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("application/json")
        body = response.json()
        schema = spec["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" in schema:  # one record
            assert schema_errors(body, schema["$ref"]) == [], url
            checked += 1
        elif "contents" in schema.get("properties", {}):  # a page of records
            assert {"total_items", "total_pages", "page_number", "size"} <= body.keys()
            assert body["contents"], url
            item = schema["properties"]["contents"]["items"]["$ref"]
            for record in body["contents"]:
                assert schema_errors(record, item) == [], url
            checked += 1
    assert checked == 8  # four lists and four records


def test_full_services_and_organizations_validate_against_the_official_schemas(api):
    page = api.get("/hsds/services", params={"full": "true", "per_page": "200"}).json()
    assert page["size"] == 200
    for service in page["contents"]:
        assert schema_errors(service, "service.json") == []
    kinds = {a["taxonomy_term"]["code"] for s in page["contents"] for a in s["attributes"]}
    assert kinds and all(s["service_at_locations"][0]["location"] for s in page["contents"])
    organizations = api.get(
        "/hsds/organizations", params={"full_service": "true", "per_page": "20"}
    ).json()
    for organization in organizations["contents"]:
        assert organization["services"]
        assert schema_errors(organization, "organization.json") == []


def test_paging_search_and_filters_answer_as_the_specification_defines(api):
    first = api.get("/hsds/services", params={"per_page": "10"}).json()
    second = api.get("/hsds/services", params={"per_page": "10", "page": "2"}).json()
    assert (first["size"], first["first_page"], second["page_number"]) == (10, True, 2)
    assert not {s["id"] for s in first["contents"]} & {s["id"] for s in second["contents"]}
    assert first["total_pages"] == -(-first["total_items"] // 10)
    found = api.get("/hsds/services", params={"search": "Gesundheitsamt Siegburg"}).json()
    assert found["total_items"] >= 1
    assert all("siegburg" in str(s).casefold() for s in found["contents"])
    terms = api.get("/hsds/taxonomy_terms", params={"search": "Familienhebamme"}).json()
    term = terms["contents"][0]["id"]
    typed = api.get("/hsds/services", params={"taxonomy_term_id": term, "full": "true"}).json()
    assert typed["total_items"] > 0
    assert all(term in {a["taxonomy_term_id"] for a in s["attributes"]} for s in typed["contents"])
    organization = typed["contents"][0]["organization_id"]
    theirs = api.get("/hsds/services", params={"organization_id": organization}).json()
    assert {s["organization_id"] for s in theirs["contents"]} == {organization}
    for wrong in ({"per_page": "0"}, {"per_page": "100000"}, {"page": "x"}, {"full": "vielleicht"}):
        response = api.get("/hsds/services", params=wrong)
        assert response.status_code == 400 and response.json()["error"]
    assert api.get("/hsds/services/" + "0" * 36).status_code == 404
    assert api.get("/hsds/services", params={"search": "x" * 2000}).status_code == 400
    beyond = api.get("/hsds/services", params={"page": "100000"}).json()
    assert beyond["contents"] == [] and beyond["last_page"] is True


def test_only_public_data_and_invented_entries_are_marked(api):
    services = api.get("/hsds/services", params={"search": "Muster", "per_page": "200"}).json()
    clinics = api.get("/hsds/services", params={"search": "Klinik", "full": "true"}).json()
    real = next(s for s in clinics["contents"] if "G-BA" in s.get("x_familienkarte_source", ""))
    assert "alert" not in real  # a real clinic: no warning, its source named
    invented = services["contents"]  # the sample's names say "(Muster)"
    assert invented and all("erfunden" in s["alert"] for s in invented)
    text = str(services)
    assert "notiz" not in text.casefold() and "retired" not in text


def test_a_retired_entry_leaves_the_api_with_the_next_data_version(api):
    from dashboard import cache
    from providers import records_from_frame
    from providers.hsds.ids import Ids

    before = api.get("/hsds/services", params={"per_page": "1"})
    tag = before.headers["ETag"]
    again = api.get("/hsds/services", params={"per_page": "1"}, headers={"If-None-Match": tag})
    assert again.status_code == 304
    store = cache.store()
    records = records_from_frame(store.frame())
    gone = Ids()("service", records[0].id)
    assert api.get(f"/hsds/services/{gone}").status_code == 200
    store.replace(records[1:], "test")  # the first is retired
    try:
        after = api.get("/hsds/services", params={"per_page": "1"})
        assert after.headers["ETag"] != tag
        assert after.json()["total_items"] == before.json()["total_items"] - 1
        assert api.get(f"/hsds/services/{gone}").status_code == 404
    finally:
        store.replace(records, "test")


def test_any_site_may_read_it(api):
    response = api.get("/hsds/services", headers={"Origin": "https://portal.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    preflight = api.options("/hsds/services")
    assert preflight.status_code == 204
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    about = api.get("/hsds").json()
    assert about["version"] == "3.0.0" and about["openapi_url"] == "/hsds/openapi.json"
    from providers import REAL_SOURCES

    # the licences of the open data travel with it
    assert about["x_familienkarte_sources"] == [real.attribution for real in REAL_SOURCES]
