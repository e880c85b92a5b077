"""The notebooks run top to bottom in a fresh kernel, offline; committed copies carry no outputs.

Each notebook asserts its own key numbers (30 figures, 697万元 for 中央引导资金, 58 entities,
重庆大学 present, ...), so executing it is the regression test. The kernel is this
interpreter (``sys.executable``) through a kernel spec written to a temporary
``JUPYTER_PATH``, so a user-level ``python3`` kernel of another Python cannot be picked up.
"""
from __future__ import annotations

import ast
import json
import re
import sys

import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# what a notebook may import: the kg package and well-known analysis libraries
ALLOWED_IMPORTS = {"kg", "pandas", "networkx", "matplotlib", "IPython", "rdflib", "html", "re", "json", "collections"}


def _code(path) -> str:
    nb = nbformat.read(path, as_version=4)
    # IPython magics (%matplotlib inline) are not Python
    return "\n".join(line for c in nb.cells if c.cell_type == "code" for line in c.source.splitlines()
                     if not line.lstrip().startswith("%"))


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory, monkeypatch_module):
    """A ``python3`` kernel spec that runs ``sys.executable -m ipykernel_launcher``."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (kg)", "language": "python"}), encoding="utf-8")
    monkeypatch_module.setenv("JUPYTER_PATH", str(root))
    from jupyter_client.kernelspec import KernelSpecManager

    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == sys.executable
    return root


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_four_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == ["01_tour.ipynb", "02_sparql_analysis.ipynb", "03_network_analysis.ipynb",
                                           "04_over_the_years.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_only_public_api_and_known_libraries(path):
    tree = ast.parse(_code(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module.split(".")[0] in ALLOWED_IMPORTS, node.module
            assert not any(a.name.startswith("_") for a in node.names), f"private name from {node.module}"
            assert not any(part.startswith("_") for part in node.module.split(".")), node.module
        elif isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] in ALLOWED_IMPORTS for a in node.names), [a.name for a in node.names]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "kg":
            assert not node.attr.startswith("_")


def test_tour_uses_the_readme_provenance_query():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section: provenance -->", 1)[1]
    query = re.search(r"```sparql\n(.*?)```", section, re.S).group(1).strip()
    assert query in _code(ROOT / "notebooks" / "01_tour.ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, kernel_path):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as e:   # the failing cell and its traceback, not nbclient's frames
        pytest.fail(f"{path.name}: {e}", pytrace=False)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # no warnings printed (a missing font, a deprecated call)
    assert not [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
