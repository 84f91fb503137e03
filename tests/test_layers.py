"""The layers of ARCHITECTURE.md, enforced: imports only go down. The foundation (`orderdesk`) imports no domain
app; `customers` → `sales` → `complaints` each import only the apps before them; `desk` sits on top and nothing
imports it. Every import counts, the ones inside functions too."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ["orderdesk", "customers", "sales", "complaints", "portal", "desk"]


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update((name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in FLOORS)
    return found


def _violations(app: str) -> list[str]:
    allowed = set(FLOORS[: FLOORS.index(app) + 1])
    return [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for imported, line in sorted(_imported_apps(path))
        if imported not in allowed
    ]


@pytest.mark.parametrize("app", FLOORS)
def test_imports_only_go_down(app):
    assert _violations(app) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The rule can fail: a foundation module that imports a domain app is reported, even inside a function."""
    fake = tmp_path / "orderdesk"
    fake.mkdir()
    (fake / "sneaky.py").write_text("def f():\n    from sales.models import Invoice\n    return Invoice\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert _violations("orderdesk") == ["orderdesk/sneaky.py:2 imports sales"]
