"""Driving the studio through Streamlit's AppTest the way a person uses it: open a page, fill, click, read what is
shown. Every AppTest test uses these; the fixtures that start the app are in conftest.py."""

import html
import re
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from components.create.created import HISTORY, RESULT
from components.create.form import INSTANCE, description_key, golden_key, name_key
from components.create.pipeline_picker import mode_key, typing_key, value_key
from tests.conftest import ROOT, Api

DATASETS_PAGE = "pages/datasets.py"
IMPORT_PAGE = "pages/import_test_cases.py"
ACTIVITY_PAGE = "pages/activity.py"
CONNECTION_PAGE = "pages/connection.py"


def unescape(markdown: str) -> str:
    """The text a reader sees for markdown made by components.shared.text.escape."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("  \n", "\n").replace("\u2060", "")


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def open_page(at: AppTest, page_file: str, **query: str) -> AppTest:
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page_file)
    return run(at)


def html_text(markup: str) -> str:
    """What a reader sees of an element's HTML: its text, cells apart."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("  ", " ").strip()


def differences(at: AppTest) -> list[list[tuple[str, str, str]]]:
    """Each difference table on the page (Field · Before · After) as its rows, cells as HTML: the marks are
    `<del>` (removed words) and `<strong>` (added words)."""
    tables = [h.proto.body for h in at.get("html") if "studio-difference" in h.proto.body]
    return [
        [tuple(re.findall(r"<td>(.*?)</td>", row)) for row in re.findall(r"<tr><td>.*?</tr>", table)]
        for table in tables
    ]


def shown(at: AppTest) -> str:
    """Every text on the page as a reader sees it (markdown's bold marks left out)."""
    parts = [m.value for m in at.markdown] + [t.value for t in at.title] + [h.value for h in at.header]
    parts += [html_text(h.proto.body) for h in at.get("html") if "<style" not in h.proto.body]
    parts += [s.value for s in at.subheader] + [c.value for c in at.caption] + [c.value for c in at.code]
    parts += [e.value for e in at.error] + [w.value for w in at.warning] + [s.value for s in at.success]
    parts += [i.value for i in at.info]
    return unescape("\n".join(parts)).replace("**", "")


def subheaders(at: AppTest) -> list[str]:
    return [unescape(s.value) for s in at.subheader]


def button(at: AppTest, label: str, *, starts: bool = False) -> Button:
    """The button with this label (or whose label starts with it)."""
    matches = [b for b in at.button if (b.label.startswith(label) if starts else b.label == label)]
    assert matches, f"no button {label!r} among {[b.label for b in at.button]}"
    return matches[0]


def click(at: AppTest, label: str, *, starts: bool = False) -> AppTest:
    button(at, label, starts=starts).click()
    return run(at)


def field(at: AppTest, label: str) -> Any:
    """The text input or area whose label reads `label`."""
    found = [w for w in [*at.text_input, *at.text_area] if unescape(w.label) == label]
    assert found, [w.label for w in [*at.text_input, *at.text_area]]
    return found[0]


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


def page_links(at: AppTest) -> list[Any]:
    return protos(at, "PageLink")


# -- the Create page ------------------------------------------------------------------------------------------------


class Page:
    """The app at its first page, driven the way a person uses the create form."""

    def __init__(self) -> None:
        self.at = new_app()
        self.at.run()

    @property
    def instance(self) -> int:
        return int(self.at.session_state[INSTANCE])

    def run(self) -> "Page":
        run(self.at)
        return self

    def mode(self, mode: str) -> "Page":
        self.at.radio(key=mode_key(self.instance)).set_value(mode)
        return self.run()

    def pipeline(self, value: str, mode: str = "slug") -> "Page":
        key = value_key(self.instance, mode)
        widget = next((w for w in self.at.selectbox if w.key == key), None)
        if widget is not None and value not in widget.options:  # not in the list: type it, as a person would
            self.at.checkbox(key=typing_key(self.instance, mode)).check()
            self.run()
            widget = None
        if widget is None:
            self.at.text_input(key=key).input(value)
        else:
            widget.set_value(value)
        return self.run()

    def golden(self, on: bool = True) -> "Page":
        self.at.toggle(key=golden_key(self.instance)).set_value(on)
        return self.run()

    def fill(self, name: str, description: str = "") -> "Page":
        self.at.text_input(key=name_key(self.instance)).input(name)
        self.at.text_area(key=description_key(self.instance)).input(description)
        return self

    def create(self) -> "Page":
        self.button("Create dataset").click()
        return self.run()

    def button(self, label: str) -> Button:
        return button(self.at, label)

    def value(self, name: str, mode: str = "slug") -> Any:
        keys = {"name": name_key, "description": description_key, "golden": golden_key}
        key = value_key(self.instance, mode) if name == "pipeline" else keys[name](self.instance)
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
        return self.at.session_state.get(RESULT, None)

    @property
    def created_history(self) -> list[Any]:
        return list(self.at.session_state.get(HISTORY, None) or [])


def names_in(api: Api, slug: str) -> list[str]:
    return [d["name"] for d in api.get("/datasets", params={"pipelineSlug": slug}).json()["data"]]


# -- the Datasets and Add-test-cases pages ------------------------------------------------------------------------


def open_datasets(page: Page, **query: str) -> AppTest:
    return open_page(page.at, DATASETS_PAGE, **query)


def choose_pipeline(at: AppTest, label: str) -> AppTest:
    picker = at.selectbox(key="datasets_pipeline")
    picker.set_value(next(o for o in picker.options if o.startswith(label)))
    return run(at)


def open_import(page: Page, dataset: str | None = None) -> AppTest:
    return open_page(page.at, IMPORT_PAGE, **({"dataset": dataset} if dataset else {}))


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    """A file given to the uploader (the page then holds it and draws "Choose another file" instead)."""
    if not at.file_uploader:
        click(at, "Choose another file")
    at.file_uploader[0].upload(name, data, "text/csv")
    return run(at)


def expand(at: AppTest, label: str) -> AppTest:
    """Opens the expander with this label, as a click on it does (an expander that draws its content only when open
    keeps its state under its key, the end of its widget id)."""
    (found,) = [e for e in at.expander if e.label == label]
    key = found.proto.id.split("-", 2)[-1]
    at.session_state[key] = True
    return run(at)
