"""The flow stays one way: the data functions of search_app never import the web layer, and only the web
layer imports Bottle or waitress."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "search_app"
WEB_ONLY = ("bottle", "waitress", "search_app.web")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def data_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "web" not in p.relative_to(PACKAGE).parts]


def test_data_functions_import_nothing_of_the_web_layer():
    modules = data_modules()
    assert len(modules) > 10
    offending = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported(path) if any(name == w or name.startswith(w + ".") for w in WEB_ONLY)
        )
        for path in modules
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_every_module_that_imports_bottle_is_in_the_web_layer():
    bottled = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(name == "bottle" or name.startswith("bottle.") for name in imported(path))
    }
    assert bottled and all(name.startswith("web/") for name in bottled), bottled
