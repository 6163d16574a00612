"""The baseline for click-to-card: the least a Streamlit page can do to create a dataset and show the answer."""

import os

import requests
import streamlit as st

name = st.text_input("Name")
if st.button("Create"):
    response = requests.post(
        os.environ["BENCH_BASE_URL"] + "/v4/datasets",
        json={"name": name, "description": None, "isGolden": False, "pipelineSlug": "support-chatbot"},
        headers={"Authorization": "Bearer " + os.environ["BENCH_API_KEY"]},
        timeout=30,
    )
    st.json(response.json())
