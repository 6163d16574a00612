"""Files exported by other tools, each made as that tool's export code writes it (the source file named above each),
imported with no mapping touched: the tool recognised, and the exact cases expected."""

import json
from typing import Any

from services.importing.plan import plan_import
from services.importing.read import read_guessed
from services.importing.tools import recognise, rules_for


def cases(filename: str, data: bytes) -> tuple[str | None, list[tuple[str, dict[str, Any], dict[str, Any]]]]:
    table = read_guessed(filename, data)
    tool = recognise(table)
    plan = plan_import(table, rules_for(table))
    assert plan.problems == [], plan.problems
    return (tool.tool if tool else None), [(c.name, c.inputs, c.expected_outputs) for c in plan.cases]


# Langfuse, worker/src/features/database-read-stream/getDatabaseReadStream.ts: objects as JSON, strings raw.
LANGFUSE_CSV = (
    b"id,projectId,datasetId,datasetName,status,input,expectedOutput,metadata,htmlSourcePath,sourceTraceId,"
    b"sourceObservationId,createdAt,updatedAt\r\n"
    b'i1,p1,d1,Support,ACTIVE,"{""question"":""Can I get a refund?"",""tier"":""pro"",""seats"":3}",Within 30 days,'
    b'"{""source"":""chat""}",,t1,,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z\r\n'
    b'i2,p1,d1,Support,ACTIVE,Where is my invoice?,"{""answer"":""Billing page""}",,,,,2026-01-02T00:00:00.000Z,'
    b"2026-01-02T00:00:00.000Z\r\n"
)


def test_a_langfuse_csv_spreads_its_objects_and_leaves_the_rest_out() -> None:
    tool, found = cases("langfuse.csv", LANGFUSE_CSV)
    assert tool == "Langfuse"
    assert found == [
        ("Can I get a refund?", {"question": "Can I get a refund?", "tier": "pro", "seats": 3},
         {"expectedOutput": "Within 30 days"}),
        ("Where is my invoice?", {"input": "Where is my invoice?"}, {"answer": "Billing page"}),
    ]  # fmt: skip
    words = recognise(read_guessed("langfuse.csv", LANGFUSE_CSV)).words  # type: ignore[union-attr]
    assert words.startswith("This looks like a Langfuse export: input → inputs, expectedOutput → expected outputs;")
    assert "id, projectId, datasetId" in words and "not imported" in words


def test_a_langfuse_jsonl_keeps_values_and_types_exactly() -> None:
    lines = [
        {"id": "i1", "datasetId": "d1", "status": "ACTIVE", "input": {"q": "Refund?", "n": 1.5, "ok": True},
         "expectedOutput": {"answer": "No", "steps": ["a", "b"]}, "metadata": None, "createdAt": "2026-01-01"},
    ]  # fmt: skip
    tool, found = cases("items.jsonl", "\n".join(json.dumps(line) for line in lines).encode())
    assert (tool, found) == ("Langfuse", [("Refund?", {"q": "Refund?", "n": 1.5, "ok": True},
                                           {"answer": "No", "steps": ["a", "b"]})])  # fmt: skip


# Arize Phoenix, src/phoenix/server/api/routers/v1/datasets.py `_get_content_csv`: pandas writes a dict as a
# Python literal, with single quotes.
PHOENIX_CSV = (
    b"example_id,input_question,input_context,output_answer,metadata_source\r\n"
    b"RGF0YXNldEV4YW1wbGU6MQ==,Can I get a refund?,\"{'plan': 'pro', 'seats': 3}\",Within 30 days,chat\r\n"
)


def test_a_phoenix_csv_reads_its_prefixed_columns_and_a_python_literal_without_evaluating_it() -> None:
    tool, found = cases("phoenix.csv", PHOENIX_CSV)
    assert tool == "Phoenix"
    assert found == [
        ("Can I get a refund?", {"question": "Can I get a refund?", "context": {"plan": "pro", "seats": 3}},
         {"answer": "Within 30 days"}),
    ]  # fmt: skip


# LangSmith, the Example schema (id, name, created_at, modified_at, inputs, outputs, dataset_id, source_run_id,
# metadata), inputs and outputs as JSON objects.
LANGSMITH_CSV = (
    b"id,name,created_at,modified_at,inputs,outputs,dataset_id,source_run_id,metadata\r\n"
    b'e1,Refund,2026-01-01,2026-01-02,"{""question"":""Refund?""}","{""answer"":""No""}",d1,,"{}"\r\n'
)


def test_a_langsmith_csv_takes_its_names_and_objects() -> None:
    assert cases("langsmith.csv", LANGSMITH_CSV) == (
        "LangSmith",
        [("Refund", {"question": "Refund?"}, {"answer": "No"})],
    )


# Opik, DatasetItemsActionsPanel.tsx with json-2-csv: nested objects flattened into dotted headings.
OPIK_CSV = (
    b"id,created_at,input.question,input.context.locale,expected_output.answer,metadata.source\r\n"
    b"o1,2026-01-01,Refund?,de-DE,Within 30 days,chat\r\n"
)


def test_an_opik_csv_nests_its_dotted_columns() -> None:
    assert cases("opik.csv", OPIK_CSV) == (
        "Opik",
        [("Refund?", {"question": "Refund?", "context": {"locale": "de-DE"}}, {"answer": "Within 30 days"})],
    )


def test_a_braintrust_json_export() -> None:
    records = [{"id": "b1", "input": {"q": "Refund?"}, "expected": "No", "metadata": {"s": 1}, "tags": ["x"]}]
    assert cases("braintrust.json", json.dumps(records).encode()) == (
        "Braintrust",
        [("Refund?", {"q": "Refund?"}, {"expected": "No"})],
    )


def test_a_file_of_no_tool_is_read_as_before() -> None:
    data = b"name,question,expected answer\r\nRefund,Refund?,No\r\n"
    assert cases("mine.csv", data) == (None, [("Refund", {"question": "Refund?"}, {"expected answer": "No"})])


def test_an_object_cell_nested_beyond_the_limits_is_refused_for_its_row() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    data = LANGFUSE_CSV + f'i3,p1,d1,Support,ACTIVE,"{deep}",x,,,,,2026-01-03,2026-01-03\r\n'.encode()
    table = read_guessed("langfuse.csv", data)
    plan = plan_import(table, rules_for(table))
    assert len(plan.cases) == 2
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (4, "input", "the cell's JSON nests too deeply to read")
    ]


# Arize Phoenix's OpenAI evals JSONL, src/phoenix/server/api/routers/v1/datasets.py `_get_content_jsonl_openai_evals`.
def test_a_phoenix_openai_evals_jsonl_keeps_its_messages_and_ideal_answer() -> None:
    line = {"messages": [{"role": "user", "content": "Refund?"}], "ideal": "Within 30 days"}
    tool, found = cases("evals.jsonl", json.dumps(line).encode())
    assert tool == "Phoenix (OpenAI evals)"
    assert [(inputs, expected) for _, inputs, expected in found] == [
        ({"messages": [{"role": "user", "content": "Refund?"}]}, {"ideal": "Within 30 days"})
    ]


def test_a_peers_export_imported_then_exported_by_the_studio_holds_the_same_inputs_and_expected_outputs() -> None:
    from datetime import UTC, datetime

    from services.exporting.dataset_files import export_csv, export_jsonl
    from services.gentrace.types import TestCase

    _, first = cases("langfuse.csv", LANGFUSE_CSV)
    now = datetime.now(UTC)
    listed = [
        TestCase.model_construct(
            id=f"c{n}",
            created_at=now,
            updated_at=now,
            inputs=inputs,
            expected_outputs=expected,
            dataset_id="d",
            name=name,
            pipeline_id="p",
        )
        for n, (name, inputs, expected) in enumerate(first)
    ]
    for filename, exported in (("back.csv", export_csv(listed)), ("back.jsonl", export_jsonl(listed))):
        tool, again = cases(filename, exported)
        assert tool is None and again == first, filename  # the studio's own export, read as its own


def test_the_other_formats_of_each_tool() -> None:
    langfuse_json = [{"id": "i1", "projectId": "p", "datasetId": "d", "datasetName": "S", "status": "ACTIVE",
                      "input": "Refund?", "expectedOutput": {"answer": "No"}, "metadata": None,
                      "sourceTraceId": None, "createdAt": "2026-01-01"}]  # fmt: skip
    assert cases("langfuse.json", json.dumps(langfuse_json).encode()) == (
        "Langfuse",
        [("Refund?", {"input": "Refund?"}, {"answer": "No"})],
    )
    langsmith = {"id": "e1", "name": "Refund", "created_at": "2026-01-01", "modified_at": "2026-01-02",
                 "inputs": {"question": "Refund?"}, "outputs": {"answer": "No"}, "dataset_id": "d",
                 "source_run_id": None, "metadata": {}}  # fmt: skip
    assert cases("langsmith.jsonl", json.dumps(langsmith).encode()) == (
        "LangSmith",
        [("Refund", {"question": "Refund?"}, {"answer": "No"})],
    )
    opik = [{"id": "o1", "created_at": "2026-01-01", "input": {"question": "Refund?"},
             "expected_output": {"answer": "No"}, "metadata": {"source": "chat"}}]  # fmt: skip
    assert cases("opik.json", json.dumps(opik).encode()) == (
        "Opik",
        [("Refund?", {"question": "Refund?"}, {"answer": "No"})],
    )
    braintrust_csv = b'id,input,expected,metadata,tags\r\nb1,"{""q"":""Refund?""}",No,{},[]\r\n'
    assert cases("braintrust.csv", braintrust_csv) == (
        "Braintrust",
        [("Refund?", {"q": "Refund?"}, {"expected": "No"})],
    )
