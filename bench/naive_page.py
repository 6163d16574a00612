"""The baseline for click-to-card (bench row 4): the page a person would write in an hour for the same job.

One form (Name, Description, Golden, the pipeline by slug or id chosen with a segmented control, the pipelines
listed once with `st.cache_data`); Create sets a busy flag, then the run checks the name, asks Gentrace for a
dataset of that name in the pipeline, creates the dataset, keeps the answer and reruns; the result shows as the name
(`st.text`) and the id (`st.code`), with what it replaces as golden (one more request) when Golden was ticked."""

import os

import requests
import streamlit as st

BASE = os.environ["BENCH_BASE_URL"] + "/v4"
HEADERS = {"Authorization": "Bearer " + os.environ["BENCH_API_KEY"]}


@st.cache_data(ttl=60)
def pipelines() -> list[dict[str, str]]:
    response = requests.get(BASE + "/pipelines", headers=HEADERS, timeout=30)
    response.raise_for_status()
    return [
        {"id": p["id"], "slug": p["slug"], "golden": p.get("goldenDatasetId") or ""} for p in response.json()["data"]
    ]


def busy() -> None:
    st.session_state.busy = True


st.title("Create a dataset")
if "created" in st.session_state:
    created = st.session_state.created
    st.text(created["name"])
    st.code(created["id"])
    if created.get("replaces"):
        st.text("Replaces " + created["replaces"] + " as the golden dataset")
by = st.segmented_control("Pipeline by", ["slug", "id"], default="slug")
with st.form("create"):
    name = st.text_input("Name")
    description = st.text_area("Description")
    golden = st.checkbox("Golden")
    listed = pipelines()
    pipeline = st.selectbox("Pipeline", listed, format_func=lambda p: p[by or "slug"])
    submitted = st.form_submit_button("Create", on_click=busy)

if submitted and st.session_state.get("busy"):
    st.session_state.busy = False
    if not name.strip():
        st.error("Name is required")
    else:
        same = requests.get(BASE + "/datasets", params={"pipelineId": pipeline["id"]}, headers=HEADERS, timeout=30)
        if any(d["name"] == name for d in same.json()["data"]):
            st.error("A dataset of that name exists already")
        else:
            body = {"name": name, "description": description or None, "isGolden": golden, "pipelineId": pipeline["id"]}
            answer = requests.post(BASE + "/datasets", json=body, headers=HEADERS, timeout=30).json()
            if golden and pipeline["golden"]:
                old = requests.get(BASE + "/datasets/" + pipeline["golden"], headers=HEADERS, timeout=30).json()
                answer["replaces"] = old.get("name", "")
            st.session_state.created = answer
            st.rerun()
