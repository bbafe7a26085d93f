"""The package's imports go one way (README, Layout): no module imports, directly or
through others, a module that imports it back, lazy imports inside functions included;
and the library never imports the command line."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "aligner"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Each module's imports of the package's modules, wherever in the module they are."""

    def owner(name: str) -> str:
        while name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "aligner":
                subs = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules]
                targets = subs if len(subs) == len(node.names) else [node.module, *subs]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.split(".")[0] == "aligner"]
            else:
                continue
            graph[name] |= {owner(t) for t in targets} - {name}
    return graph


def test_no_import_runs_back_up() -> None:
    graph = _imports(_modules())
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join((*path[path.index(name) :], name))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_the_library_never_imports_the_command_line() -> None:
    graph = _imports(_modules())
    outside = {name: sorted(t for t in targets if t.startswith("aligner.cli")) for name, targets in graph.items()}
    assert {
        name: t for name, t in outside.items() if t and not name.startswith(("aligner.cli", "aligner.__main__"))
    } == {}
