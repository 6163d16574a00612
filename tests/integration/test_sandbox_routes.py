"""Every sandbox route over real HTTP: success shapes and each documented error."""

import re
import uuid

from tests.conftest import TIMESTAMP, Api

DATASET_KEYS = {"id", "createdAt", "updatedAt", "name", "description", "archivedAt", "pipelineId"}
PIPELINE_KEYS = {"id", "createdAt", "updatedAt", "slug", "displayName", "folderId", "archivedAt", "goldenDatasetId"}
TEST_CASE_KEYS = {
    "id",
    "createdAt",
    "updatedAt",
    "inputs",
    "expectedOutputs",
    "datasetId",
    "name",
    "pipelineId",
    "archivedAt",
    "deletedAt",
}


def assert_uuid4(value: object) -> None:
    assert isinstance(value, str)
    assert uuid.UUID(value).version == 4


def create(api: Api, **fields: object) -> dict[str, object]:
    body = {"name": "Regression set", "description": None, "pipelineSlug": "support-chatbot", **fields}
    response = api.post("/datasets", json=body)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_create_by_slug_returns_the_documented_dataset(api: Api) -> None:
    pipeline = api.pipeline("support-chatbot")
    dataset = create(api, name="Tone checks", description="Polite answers")
    assert set(dataset) == DATASET_KEYS
    assert_uuid4(dataset["id"])
    assert re.match(TIMESTAMP, str(dataset["createdAt"]))
    assert dataset["createdAt"] == dataset["updatedAt"]
    assert dataset["name"] == "Tone checks"
    assert dataset["description"] == "Polite answers"
    assert dataset["archivedAt"] is None
    assert dataset["pipelineId"] == pipeline["id"]


def test_create_by_id_and_null_description(api: Api) -> None:
    pipeline = api.pipeline("contract-review")
    dataset = create(api, pipelineSlug=None, pipelineId=pipeline["id"])
    assert dataset["pipelineId"] == pipeline["id"]
    assert dataset["description"] is None
    response = api.post("/datasets", json={"name": "x", "description": None, "pipelineId": pipeline["id"]})
    assert response.status_code == 200


def test_create_errors(api: Api) -> None:
    pipeline = api.pipeline("support-chatbot")
    cases = [
        ({"name": "x", "description": None, "pipelineSlug": "support-chatbot", "pipelineId": pipeline["id"]}, 400),
        ({"name": "x", "description": None}, 400),
        ({"name": "   ", "description": None, "pipelineSlug": "support-chatbot"}, 400),
        ({"name": "x", "pipelineSlug": "support-chatbot"}, 400),
        ({"description": None, "pipelineSlug": "support-chatbot"}, 400),
        ({"name": "x", "description": None, "pipelineId": "not-a-uuid"}, 400),
        ({"name": "x", "description": None, "pipelineSlug": "no-such-pipeline"}, 404),
        ({"name": "x", "description": None, "pipelineId": str(uuid.uuid4())}, 404),
    ]
    for body, status in cases:
        response = api.post("/datasets", json=body)
        assert response.status_code == status, (body, response.text)
        assert set(response.json()) == {"message"}
    missing = api.post("/datasets", json={"description": None, "pipelineSlug": "support-chatbot"})
    assert missing.json()["message"] == "Invalid parameters: 'name' field is required"
    unknown = str(uuid.uuid4())
    not_found = api.post("/datasets", json={"name": "x", "description": None, "pipelineId": unknown})
    assert not_found.json()["message"] == f"Resource with ID '{unknown}' not found"


def test_get_list_and_filters(api: Api) -> None:
    pipeline = api.pipeline("meeting-notes")
    dataset = create(api, pipelineSlug="meeting-notes", name="Standups")
    assert api.get(f"/datasets/{dataset['id']}").json() == dataset

    everything = api.get("/datasets").json()
    assert set(everything) == {"data"}
    assert dataset in everything["data"]
    assert len(everything["data"]) > 10

    by_id = api.get("/datasets", params={"pipelineId": pipeline["id"]}).json()["data"]
    by_slug = api.get("/datasets", params={"pipelineSlug": "meeting-notes"}).json()["data"]
    assert by_id == by_slug
    assert {d["pipelineId"] for d in by_id} == {pipeline["id"]}
    assert [d["name"] for d in by_id] == ["Weekly syncs", "Standups"]
    for row in by_id:
        assert set(row) == DATASET_KEYS

    assert api.get(f"/datasets/{uuid.uuid4()}").status_code == 404
    assert api.get("/datasets/123").status_code == 400
    assert api.get("/datasets", params={"pipelineId": "123"}).status_code == 400
    assert api.get("/datasets", params={"pipelineSlug": ""}).status_code == 400
    assert api.get("/datasets", params={"pipelineSlug": "no-such"}).json() == {"data": []}


def test_update_and_archive(api: Api) -> None:
    dataset = create(api, description="first")
    updated = api.post(f"/datasets/{dataset['id']}", json={"name": "Renamed"}).json()
    assert updated["name"] == "Renamed"
    assert updated["description"] == "first"
    assert updated["updatedAt"] >= dataset["updatedAt"]
    cleared = api.post(f"/datasets/{dataset['id']}", json={"description": None}).json()
    assert cleared["description"] is None

    archived = api.post(f"/datasets/{dataset['id']}", json={"isArchived": True}).json()
    assert re.match(TIMESTAMP, archived["archivedAt"])
    listed = api.get("/datasets", params={"pipelineSlug": "support-chatbot"}).json()["data"]
    assert dataset["id"] not in {d["id"] for d in listed}
    with_archived = api.get("/datasets", params={"pipelineSlug": "support-chatbot", "archived": "true"}).json()
    assert dataset["id"] in {d["id"] for d in with_archived["data"]}
    assert api.get(f"/datasets/{dataset['id']}").json()["archivedAt"] == archived["archivedAt"]

    restored = api.post(f"/datasets/{dataset['id']}", json={"isArchived": False}).json()
    assert restored["archivedAt"] is None
    assert api.post(f"/datasets/{uuid.uuid4()}", json={"name": "x"}).status_code == 404
    assert api.post(f"/datasets/{dataset['id']}", json={"name": " "}).status_code == 400
    assert api.post(f"/datasets/{dataset['id']}", json={"isArchived": "yes"}).status_code == 400


def test_golden_dataset_is_set_and_replaced(api: Api) -> None:
    before = api.pipeline("meeting-notes")
    assert before["goldenDatasetId"] is None
    first = create(api, pipelineSlug="meeting-notes", isGolden=True)
    assert api.pipeline("meeting-notes")["goldenDatasetId"] == first["id"]
    second = create(api, pipelineSlug="meeting-notes", isGolden=True)
    assert api.pipeline("meeting-notes")["goldenDatasetId"] == second["id"]

    api.post(f"/datasets/{first['id']}", json={"isGolden": False})
    assert api.pipeline("meeting-notes")["goldenDatasetId"] == second["id"], "unsetting a non-golden one is a no-op"
    api.post(f"/datasets/{first['id']}", json={"isGolden": True})
    assert api.pipeline("meeting-notes")["goldenDatasetId"] == first["id"]
    api.post(f"/datasets/{first['id']}", json={"isGolden": False})
    assert api.pipeline("meeting-notes")["goldenDatasetId"] is None


def test_pipelines_routes(api: Api) -> None:
    listed = api.get("/pipelines").json()["data"]
    assert {p["slug"] for p in listed} >= {"email-summarizer", "support-chatbot", "contract-review"}
    for pipeline in listed:
        assert set(pipeline) == PIPELINE_KEYS
        assert re.match(TIMESTAMP, pipeline["createdAt"])
    assert sum(1 for p in listed if p["goldenDatasetId"]) >= len(listed) // 2 + 1

    one = listed[0]
    assert api.get(f"/pipelines/{one['id']}").json() == one
    assert api.get(f"/pipelines/{uuid.uuid4()}").status_code == 404
    assert api.get("/pipelines/abc").status_code == 400

    folder = str(uuid.uuid4())
    created = api.post("/pipelines", json={"slug": "invoice-parser", "displayName": "Invoices", "folderId": folder})
    assert created.status_code == 200
    body = created.json()
    assert set(body) == PIPELINE_KEYS
    assert (body["slug"], body["displayName"], body["folderId"], body["goldenDatasetId"]) == (
        "invoice-parser",
        "Invoices",
        folder,
        None,
    )
    assert api.get("/pipelines", params={"folderId": folder}).json()["data"] == [body]
    duplicate = api.post("/pipelines", json={"slug": "invoice-parser"})
    assert duplicate.status_code == 400
    assert "already exists" in duplicate.json()["message"]
    assert api.post("/pipelines", json={"slug": "Bad Slug"}).status_code == 400
    assert api.post("/pipelines", json={"displayName": "no slug"}).status_code == 400

    renamed = api.post(f"/pipelines/{body['id']}", json={"displayName": "Invoice parser", "isArchived": True}).json()
    assert renamed["displayName"] == "Invoice parser"
    assert renamed["archivedAt"] is not None
    assert api.post(f"/pipelines/{uuid.uuid4()}", json={"displayName": "x"}).status_code == 404


def slugs(api: Api, params: dict[str, str]) -> list[str]:
    response = api.get("/pipelines", params=params)
    assert response.status_code == 200, response.text
    return sorted(p["slug"] for p in response.json()["data"])


def test_pipeline_slug_filters(api: Api) -> None:
    assert slugs(api, {"slug": "support-chatbot"}) == ["support-chatbot"]
    assert slugs(api, {"slug[contains]": "su"}) == ["email-summarizer", "support-chatbot"]
    assert slugs(api, {"slug[startsWith]": "s"}) == ["sql-assistant", "support-chatbot"]
    assert slugs(api, {"slug[endsWith]": "notes"}) == ["meeting-notes"]
    assert slugs(api, {"slug[in]": "meeting-notes,contract-review"}) == ["contract-review", "meeting-notes"]
    assert "meeting-notes" not in slugs(api, {"slug[notIn]": "meeting-notes,contract-review"})
    assert len(slugs(api, {"slug[notIn]": "meeting-notes,contract-review"})) == len(slugs(api, {})) - 2
    assert slugs(api, {"slug[contains]": "CHAT"}) == []
    assert slugs(api, {"slug[contains]": "CHAT", "slug[mode]": "insensitive"}) == ["support-chatbot"]
    assert slugs(api, {"slug[search]": "Support Bot"}) == ["support-chatbot"]
    assert slugs(api, {"slug[startsWith]": "s", "slug[endsWith]": "bot"}) == ["support-chatbot"]
    unknown = api.get("/pipelines", params={"slug[like]": "x"})
    assert unknown.status_code == 400
    assert "like" in unknown.json()["message"]
    assert api.get("/pipelines", params={"slug[mode]": "loud"}).status_code == 400


def test_test_cases_routes(api: Api) -> None:
    dataset = create(api)
    body = {"datasetId": dataset["id"], "name": "Greets", "inputs": {"q": "hi"}}
    created = api.post("/test-cases", json=body)
    assert created.status_code == 200, created.text
    case = created.json()
    assert set(case) == TEST_CASE_KEYS
    assert_uuid4(case["id"])
    assert (case["inputs"], case["expectedOutputs"], case["pipelineId"]) == ({"q": "hi"}, {}, dataset["pipelineId"])
    assert case["archivedAt"] is None
    assert case["deletedAt"] is None
    with_outputs = api.post("/test-cases", json={**body, "expectedOutputs": {"a": [1, None]}}).json()
    assert with_outputs["expectedOutputs"] == {"a": [1, None]}

    assert api.get(f"/test-cases/{case['id']}").json() == case
    assert [c["id"] for c in api.get("/test-cases", params={"datasetId": dataset["id"]}).json()["data"]] == [
        case["id"],
        with_outputs["id"],
    ]
    by_slug = api.get("/test-cases", params={"pipelineSlug": "support-chatbot"}).json()["data"]
    by_pipeline = api.get("/test-cases", params={"pipelineId": dataset["pipelineId"]}).json()["data"]
    assert by_slug == by_pipeline
    assert case in by_slug

    for bad in (
        {**body, "inputs": [1, 2]},
        {**body, "inputs": "text"},
        {**body, "name": ""},
        {**body, "surprise": True},
        {"name": "x", "inputs": {}},
        {**body, "datasetId": "nope"},
    ):
        response = api.post("/test-cases", json=bad)
        assert response.status_code == 400, bad
        assert set(response.json()) == {"message"}
    assert api.post("/test-cases", json={**body, "datasetId": str(uuid.uuid4())}).status_code == 404

    deleted = api.delete(f"/test-cases/{case['id']}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert api.get(f"/test-cases/{case['id']}").status_code == 404
    assert case["id"] not in {c["id"] for c in api.get("/test-cases").json()["data"]}
    assert api.delete(f"/test-cases/{case['id']}").status_code == 404


def test_every_route_requires_the_key(api: Api, sandbox: object) -> None:
    wrong = Api(sandbox, api_key="gen_api_wrong")  # type: ignore[arg-type]
    some_id = str(uuid.uuid4())
    calls = [
        wrong.get("/datasets"),
        wrong.post("/datasets", json={}),
        wrong.get(f"/datasets/{some_id}"),
        wrong.post(f"/datasets/{some_id}", json={}),
        wrong.get("/pipelines"),
        wrong.post("/pipelines", json={}),
        wrong.get(f"/pipelines/{some_id}"),
        wrong.post(f"/pipelines/{some_id}", json={}),
        wrong.get("/test-cases"),
        wrong.post("/test-cases", json={}),
        wrong.get(f"/test-cases/{some_id}"),
        wrong.delete(f"/test-cases/{some_id}"),
        wrong.post("/datasets", data=b"{not json", headers={"Content-Type": "application/json"}),
    ]
    for response in calls:
        assert response.status_code == 401
        assert response.json() == {"message": "Invalid or expired API key"}
    missing = wrong.session.get(api.base + "/pipelines", headers={"Authorization": ""}, timeout=10)
    assert missing.status_code == 401


def test_openapi_document_uses_the_contract_field_names(api: Api) -> None:
    document = api.session.get(api.base.removesuffix("/api/v4") + "/openapi.json", timeout=10).json()
    schemas = document["components"]["schemas"]
    assert set(schemas["Dataset"]["properties"]) == DATASET_KEYS
    assert set(schemas["Pipeline"]["properties"]) == PIPELINE_KEYS
    assert set(schemas["TestCase"]["properties"]) == TEST_CASE_KEYS
    assert set(schemas["DatasetCreateBody"]["properties"]) == {
        "name",
        "description",
        "isGolden",
        "pipelineSlug",
        "pipelineId",
    }
    assert "description" in schemas["DatasetCreateBody"]["required"]
    paths = document["paths"]
    assert set(paths) >= {
        "/api/v4/datasets",
        "/api/v4/datasets/{id}",
        "/api/v4/pipelines",
        "/api/v4/pipelines/{id}",
        "/api/v4/test-cases",
        "/api/v4/test-cases/{id}",
    }
    assert "delete" in paths["/api/v4/test-cases/{id}"]
