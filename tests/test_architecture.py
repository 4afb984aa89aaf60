"""The shape of the code: one-way imports and an honest public surface per package.

Like httpx's exported-members test: what a package root exports is what the app
and the tests use, and the web layer reaches the libraries through their roots
only, so their internals can change without touching a page.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LIBRARIES = ("geodata", "providers", "planning", "reports")
UI = ("streamlit", "folium", "streamlit_folium", "branca")
# What each package may import of the project and of the UI stack: arrows point down only.
ALLOWED = {
    "geodata": set(),
    "providers": {"geodata"},
    "planning": {"geodata", "providers"},
    "reports": set(),
    "familienkarte": {"geodata", "providers"},
    "dashboard": {"geodata", "providers", "planning", "reports", "dashboard", *UI},
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """``(module, names)`` of every import statement in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_downwards_only(package):
    project_and_ui = {
        "geodata",
        "providers",
        "planning",
        "reports",
        "familienkarte",
        "dashboard",
        *UI,
    }
    wrong = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in _modules(package)
        for module, _ in _imports(path)
        if module.split(".")[0] in project_and_ui - ALLOWED[package] - {package}
    ]
    assert wrong == []


def test_the_web_layer_uses_package_roots_and_exported_names_only():
    wrong = []
    for path in [ROOT / "app.py", *_modules("dashboard")]:
        for module, names in _imports(path):
            top = module.split(".")[0]
            if top not in LIBRARIES:
                continue
            exported = set(importlib.import_module(top).__all__)
            if module != top or not set(names) <= exported:
                wrong.append(f"{path.relative_to(ROOT)}: from {module} import {names}")
    assert wrong == []


@pytest.mark.parametrize("package", LIBRARIES)
def test_exports_exist_are_sorted_and_public(package):
    module = importlib.import_module(package)
    assert module.__all__ == sorted(module.__all__, key=lambda n: (not n.isupper(), n))
    for name in module.__all__:
        assert not name.startswith("_")
        assert hasattr(module, name), name


@pytest.mark.parametrize("package", LIBRARIES)
def test_every_exported_name_is_used_outside_its_package(package):
    outside = [
        path
        for path in [ROOT / "app.py", *ROOT.glob("*/**/*.py")]
        if path.relative_to(ROOT).parts[0] not in (package, ".venv")
    ]
    text = "\n".join(path.read_text(encoding="utf-8") for path in outside)
    module = importlib.import_module(package)
    unused = [name for name in module.__all__ if not re.search(rf"\b{name}\b", text)]
    assert unused == []
