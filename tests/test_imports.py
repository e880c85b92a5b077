"""The import graph of ``kg/`` runs one way, from the CLI down to the stages (issue 14).

Reads every module's source (``ast``, nothing is imported) and collects its imports of the
package, module-level and function-local alike: a function-local import does not hide a
circle from this test. Checks that the graph has no cycle, that no module takes a private
name (``_x``) from another, and that only the command-line modules import the CLI. The
checker is run on a small package with each defect first, so that it is known to fail.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = {"kg.cli", "kg.cli_sparql", "kg.__main__"}


def _modules(package: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package's ``__init__``) of every module under ``package``."""
    found = {}
    for p in sorted(package.rglob("*.py")):
        parts = list(p.relative_to(package.parent).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_pkg else parts)] = (p, is_pkg)
    return found


def import_graph(package: Path) -> tuple[dict[str, set[str]], list[tuple[str, str, str]]]:
    """Module -> the package's modules it imports, and the (importer, module, name) of every
    private name imported from another module."""
    mods = _modules(package)
    top = package.name
    edges: dict[str, set[str]] = {}
    private: list[tuple[str, str, str]] = []
    for name, (path, is_pkg) in mods.items():
        here = name if is_pkg else name.rsplit(".", 1)[0]
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out |= {a.name for a in node.names if a.name in mods}
                continue
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != top:
                continue
            for a in node.names:
                if f"{target}.{a.name}" in mods:              # a submodule
                    out.add(f"{target}.{a.name}")
                elif target in mods:
                    out.add(target)
                    if a.name.startswith("_") and not a.name.startswith("__"):
                        private.append((name, target, a.name))
        out.discard(name)
        edges[name] = out
    return edges, private


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The circles of the graph (each as the path that closes it), by depth-first search."""
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(u: str, path: list[str]) -> None:
        state[u] = 1
        path.append(u)
        for v in sorted(edges.get(u, ())):
            if state.get(v) == 1:
                found.append(path[path.index(v):] + [v])
            elif v not in state:
                visit(v, path)
        path.pop()
        state[u] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m, [])
    return found


def test_the_checker_finds_a_circle_a_private_name_and_a_hidden_import(tmp_path):
    pkg = tmp_path / "toy"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from .stage import run\n")
    (pkg / "sub" / "stage.py").write_text("def run():\n    from ..pipeline import _helper\n    return _helper()\n")
    (pkg / "pipeline.py").write_text("from .sub import run\n\ndef _helper():\n    return 1\n")
    edges, private = import_graph(pkg)
    assert edges["toy.sub.stage"] == {"toy.pipeline"}          # found inside a function
    assert private == [("toy.sub.stage", "toy.pipeline", "_helper")]
    assert cycles(edges) and set(cycles(edges)[0]) == {"toy.pipeline", "toy.sub", "toy.sub.stage"}


def test_kg_imports_run_one_way():
    edges, private = import_graph(ROOT / "kg")
    assert len(edges) > 50
    assert cycles(edges) == []
    assert private == []
    assert sorted(m for m, out in edges.items() if out & CLI and m not in CLI) == []
