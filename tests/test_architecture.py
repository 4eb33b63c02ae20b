"""The layers hold and nothing imports in a circle (docs/architecture.md describes both).

Every import in liaison/ and ui/ is read from the source (at module level, inside functions and
under TYPE_CHECKING alike), so a lazy import cannot hide a layer break or a cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. A module may import its own layer and any layer below, never one above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "liaison",  # the package face: __version__ only
            "liaison.errors",
            "liaison.clock",
            "liaison.paths",
            "liaison.jobs",
            "liaison.heap",
            "liaison.validation",
            "liaison.i18n",
        ),
    ),
    ("models", ("liaison.models",)),
    ("store", ("liaison.store",)),
    ("documents and readers", ("liaison.documents", "liaison.imports", "liaison.scans")),
    ("services", ("liaison.services",)),
    ("demo", ("liaison.demo",)),
    ("command line", ("liaison.cli", "liaison.selftest")),
    ("window", ("ui",)),
)

# What the command line and the window may reach below the services: the same words, dates and
# errors everyone shares, never the store, the models' tables, the PDF engine or the readers.
# The self-test is the exception: it checks every layer of an installed copy on its own (fonts,
# migrations, the store), so it may reach them directly.
FRONT_ENDS = ("liaison.cli", "ui")
FRONT_END_MAY_USE = (
    "liaison.errors",
    "liaison.clock",
    "liaison.paths",
    "liaison.jobs",
    "liaison.heap",  # a command keeps the cycle collector off what it holds, as a run does
    "liaison.validation",
    "liaison.i18n",
    "liaison.models.enums",
    "liaison.services",
    "liaison.demo",
)


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("liaison", "ui"):
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _resolve(name: str) -> str | None:
    """The project module an import names (the longest known prefix), or None if external."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path, *, faces: bool) -> set[str]:
    """Project modules `module` imports; with `faces`, also the package faces (__init__) of
    other packages it passes through, since importing a.b.c runs a and a.b first."""
    tree = ast.parse(path.read_text("utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for name in names:
            found = _resolve(name)
            if found is None or found == module:
                continue
            targets.add(found)
            if not faces:
                continue
            parts = found.split(".")
            for i in range(1, len(parts)):
                face = ".".join(parts[:i])
                if face in MODULES and not _within(module, face):
                    targets.add(face)
    targets.discard("liaison")  # the root face holds only __version__
    return targets


# What each module names (for the layer rules) and what importing it runs (for cycles).
DIRECT = {module: _imports(module, path, faces=False) for module, path in MODULES.items()}
GRAPH = {module: _imports(module, path, faces=True) for module, path in MODULES.items()}


def _layer(module: str) -> int:
    best, rank = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if _within(module, prefix) and len(prefix) > best:
                best, rank = len(prefix), index
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS"
    return rank


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_no_module_imports_a_layer_above_it() -> None:
    breaks = [
        f"{module} ({LAYERS[_layer(module)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
        for module, targets in DIRECT.items()
        for target in sorted(targets)
        if _layer(target) > _layer(module)
    ]
    assert not breaks, "\n".join(breaks)


def test_the_window_and_command_line_reach_the_core_through_services() -> None:
    breaks = [
        f"{module} imports {target}"
        for module, targets in DIRECT.items()
        if any(_within(module, front) for front in FRONT_ENDS)
        for target in sorted(targets)
        if not any(_within(target, front) for front in FRONT_ENDS)
        and target not in ("liaison", "liaison.selftest")  # __version__; `liaison selftest`
        and not any(_within(target, allowed) for allowed in FRONT_END_MAY_USE)
    ]
    assert not breaks, "\n".join(breaks)


def test_the_core_never_imports_qt_widgets() -> None:
    breaks = []
    for module, path in MODULES.items():
        if not _within(module, "liaison"):
            continue
        text = path.read_text("utf-8")
        if "QtWidgets" in text:
            breaks.append(f"{module} uses QtWidgets")
        if "QtGui" in text and not _within(module, "liaison.documents"):
            breaks.append(f"{module} uses QtGui outside liaison.documents")
    assert not breaks, "\n".join(breaks)


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def _benign(component: list[str]) -> bool:
    """A package face and its own submodules: importing a submodule runs the face first, which
    imports its siblings; Python handles that order, and nothing outside the package is in it."""
    faces = [m for m in component if MODULES[m].name == "__init__.py"]
    return len(faces) == 1 and all(_within(m, faces[0]) for m in component)


def test_no_import_cycles() -> None:
    cycles = [c for c in _cycles() if not _benign(c)]
    assert not cycles, "\n".join(" <-> ".join(c) for c in cycles)


def _back_edges() -> dict[str, list[str]]:
    """Each module's importers, for the message of a failing test."""
    back: dict[str, list[str]] = defaultdict(list)
    for module, targets in GRAPH.items():
        for target in targets:
            back[target].append(module)
    return back


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("liaison.store", "liaison.services"),
        ("liaison.models", "liaison.services"),
        ("liaison.documents", "liaison.services"),
        ("liaison.imports", "liaison.services"),
    ],
)
def test_lower_layers_know_nothing_of_the_services(module: str, forbidden: str) -> None:
    offenders = [
        f"{m} imports {t}"
        for m, targets in DIRECT.items()
        if _within(m, module)
        for t in targets
        if _within(t, forbidden)
    ]
    assert not offenders, "\n".join(offenders)
    assert _back_edges()  # the graph was read at all
