"""The house, room by room: every component lives in a room named as its services package, owns the session-state
keys it names (each starting with the room's name), and the layers import only downward."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

COMPONENTS = ROOT / "components"
SERVICES = ROOT / "services"
ROOMS = sorted(path.parent.name for path in COMPONENTS.glob("*/__init__.py"))
STATE_CALLS = {"get", "setdefault", "pop"}


def modules(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*.py") if "migrations" not in p.parts)


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_every_component_is_in_a_room_and_each_room_says_what_it_is_for_and_which_keys_it_owns() -> None:
    assert [p.name for p in COMPONENTS.glob("*.py")] == ["__init__.py"]
    assert set(ROOMS) >= {"shell", "connection", "create", "importing", "datasets", "cases", "history", "health"}
    for room in ROOMS:
        docstring = ast.get_docstring(ast.parse((COMPONENTS / room / "__init__.py").read_text())) or ""
        assert "Session state" in docstring, f"components/{room}/__init__.py does not say which keys it owns"
    for room in set(ROOMS) - {"shell", "shared"}:
        assert (SERVICES / room).is_dir() or room in ("create", "connection"), f"no services package for {room}"


@pytest.mark.parametrize("folder", [COMPONENTS, SERVICES], ids=["components", "services"])
def test_neither_components_nor_services_import_the_sandbox(folder: Path) -> None:
    assert [str(p) for p in modules(folder) if any(m.split(".")[0] == "sandbox" for m in imports(p))] == []


def test_services_never_import_streamlit_and_cases_never_import_the_history() -> None:
    assert [str(p) for p in modules(SERVICES) if any(m.split(".")[0] == "streamlit" for m in imports(p))] == []
    cases = [p for p in modules(SERVICES / "cases") if any(m.startswith("services.history") for m in imports(p))]
    assert cases == []


def test_once_knows_nothing_of_datasets_or_imports() -> None:
    assert {m for m in imports(COMPONENTS / "shared" / "once.py") if m.startswith(("services", "components"))} == {
        "services.failures"
    }


def _leading_text(node: ast.expr, module: ast.Module) -> str | None:
    """The known start of a key: a string, an f-string's first part, a module constant or a key function's return."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
    if isinstance(node, ast.Name | ast.Call):
        name = node.id if isinstance(node, ast.Name) else getattr(node.func, "id", None)
        for statement in ast.walk(module):  # a module's constant, a local name or a key function, by its name
            if isinstance(statement, ast.Assign) and any(getattr(t, "id", None) == name for t in statement.targets):
                return _leading_text(statement.value, module)
            if isinstance(statement, ast.FunctionDef) and statement.name == name:
                returned = [s for s in statement.body if isinstance(s, ast.Return) and s.value is not None]
                return _leading_text(returned[-1].value, module) if returned else None  # type: ignore[arg-type]
    return None


def keys_named(path: Path) -> Iterator[tuple[int, str]]:
    """Every session-state key a module names: widgets' `key=`, `st.session_state[...]`, `.get/.setdefault/.pop`,
    a question's key. Containers' keys are left out: they name a CSS class, not state."""
    module = ast.parse(path.read_text())
    for node in ast.walk(module):
        named: ast.expr | None = None
        if isinstance(node, ast.Call):
            func = node.func
            kind = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if kind == "container":
                continue
            for keyword in node.keywords:
                if keyword.arg == "key":
                    named = keyword.value
            state = isinstance(func, ast.Attribute) and "session_state" in ast.unparse(func.value)
            if ((state and kind in STATE_CALLS) or kind in ("Question", "pager")) and node.args:
                named = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("session_state"):
            named = node.slice
        if named is not None and (text := _leading_text(named, module)) is not None:
            yield node.lineno, text


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_names_only_keys_of_its_own(room: str) -> None:
    strangers = [
        f"{path.relative_to(ROOT)}:{line}: {key!r}"
        for path in modules(COMPONENTS / room)
        for line, key in keys_named(path)
        if not key.startswith(f"{room}_")
    ]
    assert strangers == []


def test_no_room_reaches_into_another_rooms_private_names() -> None:
    reached = []
    for path in modules(COMPONENTS):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("components."):
                reached += [f"{path.relative_to(ROOT)}: {alias.name}" for alias in node.names if alias.name[0] == "_"]
    assert reached == []
