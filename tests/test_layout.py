"""The layout holds: subpackages, no import cycle, small modules, nobody imports the face, public paths.

Imports are read with ``ast`` from the source, so type-only (``if TYPE_CHECKING:``) and
function-level imports count as edges too: a cycle hidden in a function is still a cycle for a
reader, and one ``TYPE_CHECKING`` edge away from a runtime cycle.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

import kerja_match

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kerja_match"
MAX_LINES = 450
OLD_PUBLIC_PATHS = [
    "kerja_match.io",
    "kerja_match.normalize",
    "kerja_match.scoring",
    "kerja_match.placement",
    "kerja_match.courses",
    "kerja_match.gaps",
    "kerja_match.geo",
    "kerja_match.taxonomy",
    "kerja_match.text",
    "kerja_match.models",
    "kerja_match.distributed",
    "kerja_match.datasets",
]


# -- reading the source -----------------------------------------------------------------------------
def module_files(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py under ``root`` (a package directory)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_names(module: str, path: Path) -> Iterator[tuple[str, str | None, int]]:
    """(absolute module, imported name or None, line) for every import statement in the file,
    at any depth (function bodies and ``if TYPE_CHECKING:`` blocks included)."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            for alias in node.names:
                yield target, alias.name, node.lineno


def resolve(target: str, name: str | None, modules: dict[str, Path]) -> str | None:
    """The module of the package an import reaches (a submodule when ``name`` is one), or None
    when it is outside the package."""
    if name is not None and f"{target}.{name}" in modules:
        return f"{target}.{name}"
    while target and target not in modules:  # `import kerja_match.x.y` of a name, not a module
        target = target.rpartition(".")[0]
    return target or None


def import_graph(root: Path) -> tuple[list[str], dict[str, set[str]]]:
    modules = module_files(root)
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for target, name, _ in imported_names(module, path):
            reached = resolve(target, name, modules)
            if reached is not None:
                edges[module].add(reached)
    return sorted(modules), edges


def import_cycles(root: Path) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself)."""
    names, edges = import_graph(root)
    index = {n: i for i, n in enumerate(names)}
    rows = [index[a] for a, targets in edges.items() for b in targets]
    cols = [index[b] for targets in edges.values() for b in targets]
    graph = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(names), len(names)))
    _, labels = connected_components(graph, directed=True, connection="strong")
    groups: dict[int, list[str]] = {}
    for name, label in zip(names, labels, strict=True):
        groups.setdefault(int(label), []).append(name)
    return [g for g in groups.values() if len(g) > 1 or g[0] in edges[g[0]]]


def face_imports(root: Path) -> list[str]:
    """Places where a module other than the face itself imports the face (``kerja_match/__init__``)."""
    modules = module_files(root)
    face = root.name
    found = []
    for module, path in modules.items():
        if module == face:
            continue
        for target, name, line in imported_names(module, path):
            if resolve(target, name, modules) == face:
                shown = f"import {target}" if name is None else f"from {target} import {name}"
                found.append(f"{path.relative_to(root.parent)}:{line}: {shown}")
    return found


# -- the checker itself finds what it should -------------------------------------------------------
def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checker_finds_type_only_function_level_and_relative_cycles(tmp_path):
    root = _write(
        tmp_path / "pkg",
        {
            "__init__.py": "from .a import A\n",
            "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .sub.b import B\nA = 1\n",
            "sub/__init__.py": "",
            "sub/b.py": "def f():\n    from ..c import C\n    return C\n",
            "c.py": "import pkg.a\nC = 2\n",
            "d.py": "from . import A\n",
            "e.py": "from .sub import b\nfrom pkg import c\n",
        },
    )
    assert import_cycles(root) == [["pkg.a", "pkg.c", "pkg.sub.b"]]
    assert face_imports(root) == ["pkg/d.py:1: from pkg import A"]
    _, edges = import_graph(root)
    assert edges["pkg.e"] == {"pkg.sub.b", "pkg.c"}


def test_the_checker_passes_a_package_without_cycles(tmp_path):
    root = _write(
        tmp_path / "pkg",
        {"__init__.py": "from .a import A\n", "a.py": "from .b import B\nA = B\n", "b.py": "B = 1\n"},
    )
    assert import_cycles(root) == []
    assert face_imports(root) == []


# -- the layout of kerja_match -----------------------------------------------------------------------
def test_at_least_five_subpackages():
    subpackages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert len(subpackages) >= 5, subpackages


def test_no_import_cycle_between_modules():
    assert import_cycles(PACKAGE) == []


def test_no_module_imports_the_package_face():
    assert face_imports(PACKAGE) == []


def test_no_module_over_450_lines():
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


# Layers from the ground floor up (docs/architecture.md): a module may import its own layer or a
# lower rank, never a higher one, and never a different layer of the same rank (placement and
# training stay independent of each other, as do io and datasets).
LAYER_RANK = {
    "_privacy": -1,  # masks personal data; errors mask every message with it
    "_writing": -1,  # atomic, spreadsheet-safe, terminal-safe output
    "errors": 0,
    "_params": 1,
    "_files": 1,
    "_cell_syntax": 1,
    "_field_docs": 1,
    "_identifiers": 1,
    "_options": 2,
    "_inputs": 2,
    "models": 3,
    "geo": 4,
    "taxonomy": 5,
    "datasets": 6,
    "io": 6,
    "normalize": 7,
    "scoring": 8,
    "placement": 9,
    "training": 9,
    "reports": 10,
    "cli": 11,
    "courses": 11,  # compatibility facades over their subpackages
    "gaps": 11,
    "text": 11,
    "distributed": 11,
}


def test_imports_point_down_the_layers():
    _, edges = import_graph(PACKAGE)

    def layer(module: str) -> str:
        return module.split(".")[1] if "." in module else "__init__"

    unknown = sorted({layer(m) for m in edges} - {*LAYER_RANK, "__init__"})
    assert unknown == [], "give every new top-level module or subpackage a rank in LAYER_RANK"
    upward = sorted(
        f"{a} -> {b}"
        for a, targets in edges.items()
        for b in targets
        if layer(a) != "__init__"
        and layer(a) != layer(b)
        and (layer(b) == "__init__" or LAYER_RANK[layer(b)] >= LAYER_RANK[layer(a)])
    )
    assert upward == []


def test_the_package_under_test_has_this_checkouts_modules():
    """The layout is read from src/; the tests import the installed package (CI installs it, not
    editable): both must hold the same modules, or these checks would look at another tree."""
    installed = Path(kerja_match.__file__).resolve().parent
    modules = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")}
    assert modules == {str(p.relative_to(installed)) for p in installed.rglob("*.py")}


@pytest.mark.parametrize("name", kerja_match.__all__)
def test_every_public_name_is_importable(name):
    assert getattr(kerja_match, name) is not None


@pytest.mark.parametrize("path", OLD_PUBLIC_PATHS)
def test_the_old_public_paths_keep_working(path):
    module = importlib.import_module(path)
    public = getattr(module, "__all__", [])
    missing = [name for name in public if not hasattr(module, name)]
    assert missing == []


def test_no_test_skips_on_a_broken_import_of_the_project():
    """``pytest.importorskip`` is for optional third-party packages: our own modules must import."""
    tests = Path(__file__).resolve().parent
    found = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "importorskip"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).split(".")[0] == "kerja_match"
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
