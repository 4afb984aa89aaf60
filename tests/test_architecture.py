"""The shape of the code: one-way imports and an honest public surface per package.

Like httpx's exported-members test: what a package root exports is what the app
and the tests use, and the web layer reaches the libraries through their roots
only, so their internals can change without touching a page.
"""

from __future__ import annotations

import ast
import graphlib
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
#: The pure libraries, bottom to top: each may import only those before it (and
#: reports none): where is a file checked (intake), where are Termine stored (store).
LIBRARIES = (
    "clock",
    "geodata",
    "intake",
    "places",
    "events",
    "networks",
    "providers",
    "store",
    "planning",
    "mail",
    "reports",
)
UI = ("streamlit", "folium", "streamlit_folium", "branca")
# What each package may import of the project and of the UI stack: arrows point down only.
ALLOWED = {
    "clock": set(),
    "geodata": {"clock"},
    "intake": set(),
    "places": {"geodata"},
    "events": {"clock", "geodata", "intake"},
    "networks": {"clock", "geodata", "intake", "events"},
    "providers": {"clock", "geodata", "intake", "places", "events", "networks"},
    "store": {"clock", "geodata", "intake", "events", "networks", "providers"},
    "planning": {"clock", "geodata", "intake", "places", "events", "networks", "providers"},
    "mail": {"intake", "store"},
    "reports": set(),
    "familienkarte": {"clock", "geodata", "intake", "events", "networks", "providers", "store"},
    "dashboard": {*LIBRARIES, "dashboard", *UI},
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
    project_and_ui = {*ALLOWED, *UI}
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


PROJECT = (*LIBRARIES, "familienkarte", "dashboard")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Which project modules each project module imports, at any depth of the file
    (an import inside a function is an edge too: it only hides a circle)."""
    paths = {_module_name(path): path for package in PROJECT for path in _modules(package)}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        edges = set()
        for module, names in _imports(path):
            # "from dashboard.map import widget" imports the module dashboard.map.widget.
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in paths]
            edges |= set(targets) or ({module} if module in paths else set())
        graph[name] = edges - {name}
    return graph


def test_no_import_circle_among_the_project_modules():
    graph = _import_graph()
    assert "providers.hsds" in graph and graph["providers.importer"]  # the graph is real
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"import circle: {' -> '.join(error.args[1])}")


#: Ways of reading a level or a parent off an AGS by hand: slicing keys, prefix tests.
_AGS_BY_HAND = re.compile(
    r"""\.str\.startswith\(                     # vectorised prefix test on keys
      | \.str\[\s*\d*\s*:?\s*\d+\s*\]           # vectorised slicing: .str[:5], .str[2]
      | \.str\.slice\(
      | \b\w*(ags|region|land|kreis|gemeinde)\w*\)?\s*\[\s*\d*\s*:\s*[2358]\s*\]  # ags[:5]
      | \b(ags|region|land|kreis|gemeinde)\b.*\)\s*\[\s*:\s*[2358]\s*\]        # (x.ags)[:5]
      | \.startswith\(\s*\(?\s*\w*(ags|region|land|kreis|gemeinde)
    """,
    re.VERBOSE | re.IGNORECASE,
)


def test_keys_are_read_only_through_geodata_ags():
    """The next Gebietsstand must be a change in one module: nobody outside
    ``geodata`` slices an AGS or tests its prefix by hand."""
    places = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for package in PROJECT
        if package != "geodata"
        for path in _modules(package)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _AGS_BY_HAND.search(line.split("#")[0])
    ]
    assert places == []


@pytest.mark.parametrize(
    "line",
    [
        'inside = table.index.str.startswith(region or "")',
        "kreis = pd.Series(inhabitants.index.str[:5])",
        "regierungsbezirk = nrw.index.str[2]",
        'kreis = (place.ags or "")[:5]',
        "kreis_names.get(str(ags)[:5])",
        "if shown[0].startswith(region):",
    ],
)
def test_the_check_for_keys_by_hand_finds_what_it_looks_for(line):
    assert _AGS_BY_HAND.search(line)


#: Ways of asking the server's clock instead of Berlin's (see :mod:`clock`).
_SERVER_CLOCK = re.compile(
    r"""\bdate\.today\(\)                 # the server's day
      | \bdatetime\.today\(\)
      | \bdatetime\.now\(\s*\)           # a naive moment
      | \bdatetime\.utcnow\(
      | \btime\.localtime\(
    """,
    re.VERBOSE,
)


def test_today_and_now_come_from_the_clock_module_only():
    """A server in UTC shows 31 December until 1 a.m. on New Year's Day: every page,
    export and library asks :mod:`clock` for Berlin's day."""
    places = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for package in PROJECT
        if package != "clock"
        for path in _modules(package)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _SERVER_CLOCK.search(line.split("#")[0])
    ]
    assert places == []


@pytest.mark.parametrize(
    "line",
    # Written in parts, so that no line of the project asks the server's clock.
    [
        f"today = date.{'today'}()",
        f"now = datetime.{'now'}()",
        "datetime.utcnow()",
        "datetime.today()",
    ],
)
def test_the_check_for_the_server_clock_finds_what_it_looks_for(line):
    assert _SERVER_CLOCK.search(line)


def test_an_aware_moment_is_no_server_clock():
    assert not _SERVER_CLOCK.search("datetime.now(UTC)")
    assert not _SERVER_CLOCK.search("datetime.now(BERLIN)")


def _page_of(module: str) -> str | None:
    """The page a dashboard module belongs to (``dashboard.page.planning.map`` →
    ``planning``), or ``None`` outside the pages."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["dashboard", "page"] and len(parts) > 2 else None


def test_pages_do_not_import_pages_and_nothing_below_imports_a_page():
    """Wording, clocks and widgets that several pages use live below the pages
    (``dashboard/i18n``, ``dashboard/widgets``); the app's entry point alone knows
    every page."""
    wrong = []
    for module, targets in _import_graph().items():
        if not module.startswith("dashboard.") or module == "dashboard.main":
            continue
        for target in targets:
            page = _page_of(target)
            if page is not None and page != _page_of(module):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_package_roots_are_cheap():
    """Importing Termine must not load the provider import machinery (and a route
    that only needs the clock loads nothing else)."""
    import subprocess
    import sys

    code = (
        "import sys, events, networks, places, intake, clock; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'providers'))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_tests_and_benchmarks_share_the_harness_not_each_other():
    """What both need to start real parts (app servers, Chromium, PostgreSQL, nginx,
    a geocoder, test files) is ``tests/harness``: benchmarks import nothing else of the
    tests, tests nothing of the benchmarks, and nobody takes a private name from it."""
    wrong = []
    for folder in ("tests", "benchmarks", "scripts"):
        for path in _modules(folder):
            for module, names in _imports(path):
                harness = module.startswith("tests.harness")
                private = [n for n in names if n.startswith("_")]
                into_tests = module.split(".")[0] == "tests" and not harness
                if (folder == "tests" and module.split(".")[0] == "benchmarks") or (
                    folder != "tests" and into_tests
                ):
                    wrong.append(f"{path.relative_to(ROOT)}: {module}")
                if harness and private:
                    wrong.append(f"{path.relative_to(ROOT)}: {module} {private}")
    assert wrong == []


def test_no_script_folder_hides_a_package():
    """``streamlit run benchmarks/naive_app.py`` puts ``benchmarks/`` first on the
    path: a module there named like a package of the project (``events.py``) would be
    imported in its place."""
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    clashes = [
        f"{folder}/{path.name}"
        for folder in ("benchmarks", "scripts", "dashboard")
        for path in (ROOT / folder).glob("*.py")
        if path.stem in packages
    ]
    assert clashes == []
