import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from sandbox.server import RunningSandbox
from tests.conftest import ROOT, Api


def unescape(markdown: str) -> str:
    """The text a reader sees for markdown made by components.text.escape."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("  \n", "\n").replace("\u2060", "")


class Page:
    """Drives app.py through AppTest the way a person uses the form."""

    def __init__(self) -> None:
        self.at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        self.at.run()

    @property
    def instance(self) -> int:
        return int(self.at.session_state["form_instance"])

    def _key(self, name: str) -> str:
        return f"{name}_{self.instance}"

    def run(self) -> "Page":
        self.at.run()
        assert not self.at.exception, [e.value for e in self.at.exception]
        return self

    # -- inputs -------------------------------------------------------------------------------------------------

    def mode(self, mode: str) -> "Page":
        self.at.radio(key=f"pipeline_mode_{self.instance}").set_value(mode)
        return self.run()

    def pipeline(self, value: str, mode: str = "slug") -> "Page":
        key = f"pipeline_{mode}_{self.instance}"
        widget = next((w for w in self.at.selectbox if w.key == key), None)
        if widget is not None and value not in widget.options:  # not in the list: type it, as a person would
            self.at.checkbox(key=f"pipeline_typing_{mode}_{self.instance}").check()
            self.run()
            widget = None
        if widget is None:
            self.at.text_input(key=key).input(value)
        else:
            widget.set_value(value)
        return self.run()

    def golden(self, on: bool = True) -> "Page":
        self.at.toggle(key=self._key("golden")).set_value(on)
        return self.run()

    def fill(self, name: str, description: str = "") -> "Page":
        self.at.text_input(key=self._key("name")).input(name)
        self.at.text_area(key=self._key("description")).input(description)
        return self

    def create(self) -> "Page":
        self.button("Create dataset").click()
        return self.run()

    def button(self, label: str) -> Button:
        matches = [b for b in self.at.button if b.label == label]
        assert matches, f"no button {label!r} among {[b.label for b in self.at.button]}"
        return matches[0]

    # -- what is shown ------------------------------------------------------------------------------------------

    def value(self, name: str, mode: str = "slug") -> Any:
        key = f"pipeline_{mode}_{self.instance}" if name == "pipeline" else self._key(name)
        return self.at.session_state.get(key, None)

    @property
    def errors(self) -> list[str]:
        return [unescape(e.value) for e in self.at.error]

    @property
    def warnings(self) -> list[str]:
        return [unescape(w.value) for w in self.at.warning]

    @property
    def text(self) -> str:
        parts = [m.value for m in self.at.markdown] + [c.value for c in self.at.caption]
        parts += [h.value for h in self.at.header] + [c.value for c in self.at.code]
        return unescape("\n".join(parts))

    @property
    def created(self) -> Any:
        return self.at.session_state.get("created_result", None)


@pytest.fixture(autouse=True)
def audit_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every app test writes its audit log to a file of its own, never into the project."""
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("STUDIO_AUDIT_LOG", str(path))
    monkeypatch.setenv("STUDIO_DATABASE_URL", f"sqlite:///{tmp_path / 'studio.db'}")  # and its history too
    return path


@pytest.fixture
def page(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    """The app, connected to a fresh sandbox through the same settings a user would set."""
    monkeypatch.setenv("GENTRACE_API_KEY", sandbox.api_key)
    monkeypatch.setenv("GENTRACE_BASE_URL", sandbox.base_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield Page()
    st.cache_data.clear()
    st.cache_resource.clear()


def names_in(api: Api, slug: str) -> list[str]:
    return [d["name"] for d in api.get("/datasets", params={"pipelineSlug": slug}).json()["data"]]


def page_links(at: AppTest) -> list[Any]:
    """st.page_link elements: AppTest has no accessor for them, so read them from the element tree."""
    return protos(at, "PageLink")


def protos(at: AppTest, kind: str) -> list[Any]:
    """Elements AppTest has no accessor for (page links, charts), by their protobuf's name."""
    found = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and type(proto).__name__ == kind:
            found.append(proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found
