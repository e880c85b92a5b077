"""The README's quick start is two commands, every CLI command is documented, and the README's
examples, counts and scores are what the commands print (see the conventions below)."""
from __future__ import annotations

import json
import re
import shlex

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.evaluate import PRF
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_two_commands():
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```\w*\n(.*?)```", section, re.S).group(1)
    lines = [ln for ln in block.splitlines() if ln.strip()]
    assert lines == ["scripts/build.sh", "scripts/test.sh"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci


def test_every_command_has_help_and_is_in_readme():
    runner = CliRunner()
    for name, cmd in cli.commands.items():
        r = runner.invoke(cli, [name, "--help"])
        assert r.exit_code == 0 and "Example:" in r.output, name
        assert f"kg {name}" in README, f"kg {name} is not documented in README.md"


# --- the README is checked against the commands ------------------------------------------
# Conventions in README.md:
#   <!-- checked -->            before a fenced block: each `$ kg ...` line is run in a folder
#                               whose build/ holds the seed report's build; what follows it, up to
#                               the next `$` line, is exactly what the command prints
#   <!-- checked: seed counts   before the sentence with the seed graph's counts
#   <!-- checked: kg eval       before the table of `kg eval` scores
#   <!-- measured -->           before a figure measured by a benchmark: the text up to the next
#                               blank line states the date and the commit it was measured at

def _examples() -> list[tuple[str, list[str]]]:
    out = []
    for block in re.findall(r"<!-- checked -->\n```\w*\n(.*?)```", README, re.S):
        for part in re.split(r"^(?=\$ )", block, flags=re.M):
            if part.startswith("$ "):
                cmd, *expected = part.rstrip("\n").split("\n")
                out.append((cmd[2:], [ln.rstrip() for ln in expected]))
    return out


EXAMPLES = _examples()


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory):
    """A folder whose build/ is the seed report's build; and the build's summary."""
    from tests.conftest import FIXED_TIME

    root = tmp_path_factory.mktemp("readme")
    r = CliRunner().invoke(cli, ["build", str(ROOT / "data" / "reports"), "-o", str(root / "build"), "--json",
                                 "--build-time", FIXED_TIME, "--no-cache", "-j", "1"])
    assert r.exit_code == 0, r.output
    return root, json.loads(r.output[r.output.index("{"):])


def test_the_readme_has_checked_examples():
    assert len(EXAMPLES) >= 1 and "<!-- checked: seed counts" in README and "<!-- checked: kg eval" in README


@pytest.mark.parametrize("command, expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_prints_what_the_readme_shows(seed_folder, monkeypatch, command, expected):
    monkeypatch.chdir(seed_folder[0])
    args = shlex.split(command)
    assert args[0] == "kg", command
    r = CliRunner().invoke(cli, args[1:])
    assert r.exit_code == 0, r.output
    assert [ln.rstrip() for ln in r.output.rstrip("\n").split("\n")] == expected


def test_readme_seed_counts_are_the_builds(seed_folder):
    summary = seed_folder[1]
    section = README.split("<!-- checked: seed counts", 1)[1]
    m = re.search(r"gives\s+(\d+)\s+entities\s+in\s+(\d+)\s+classes,\s+(\d+)\s+measures,\s+(\d+)\s+figures,\s+about\s+"
                  r"(\d+)\s+direct\s+relations\s+and\s+([\d,]+)\s+triples\s+\(([\d,]+)\s+inferred\)", section)
    assert m, "the seed counts sentence changed shape: update tests/test_docs.py"
    stated = [int(g.replace(",", "")) for g in m.groups()]
    exact = [summary["entities"], len(summary["entities_per_class"]), summary["measures"], summary["observations"]]
    names = ["entities", "classes", "measures", "figures"]
    assert dict(zip(names, stated[:4])) == dict(zip(names, exact)), "README's seed counts differ from `kg build`"
    for name, said, real in zip(["relations", "triples", "inferred"], stated[4:],
                                [summary["relations"], summary["triples"], summary["inferred_triples"]]):
        assert abs(said - real) <= 0.05 * said, f"README says about {said} {name}; the build gives {real}"


def test_readme_eval_table_is_what_kg_eval_prints():
    table = README.split("<!-- checked: kg eval", 1)[1].split("-->", 1)[1].strip().split("\n\n")[0]
    rows = [ln for ln in table.splitlines() if ln.startswith("|")][2:]
    r = CliRunner().invoke(cli, ["eval", "--format", "json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.output)["reports"]
    assert len(rows) == len(got), "one README row per report, and the overall row"
    for row, report in zip(rows, got):
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        for cell, level in zip(cells, ("mentions", "entities", "figures", "relations")):
            o = report[level]["overall"]
            numbers = [float(x) for x in re.findall(r"\d\.\d{3}", cell)]
            # from the counts, not the JSON's 4-digit rounding (0.93151 prints 0.932, 0.9315 would print 0.931)
            prf = PRF(o["tp"], o["fp"], o["fn"])
            want = [prf.f1, prf.precision, prf.recall][:len(numbers)]
            assert [f"{x:.3f}" for x in numbers] == [f"{x:.3f}" for x in want], (report["report"], level, cell)


# the README and the history it links to (docs/*.md), where the older measurements went
DOCS = {"README.md": README, **{f"docs/{f.name}": f.read_text(encoding="utf-8") for f in sorted((ROOT / "docs").glob("*.md"))}}


def test_readme_links_to_docs_that_exist():
    links = set(re.findall(r"\]\((docs/[^)#\s]+)", README))
    assert links, "the README links to its history in docs/"
    for link in links:
        assert (ROOT / link).is_file(), f"README.md links to {link}, which does not exist"


@pytest.mark.parametrize("name", sorted(DOCS))
def test_benchmark_figures_state_the_date_and_the_commit(name):
    import subprocess

    marked = DOCS[name].split("<!-- measured -->")[1:]
    assert len(marked) >= (6 if name == "README.md" else 1), f"{name} has too few measured paragraphs"
    for text in marked:
        para = text.split("\n\n", 1)[0]
        assert re.search(r"\b20\d\d-\d\d-\d\d\b", para), (name, para[:120])
        m = re.search(r"\bcommit ([0-9a-f]{7,40})\b", para)
        assert m, (name, para[:120])
        r = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{m.group(1)}^{{commit}}"], capture_output=True)
        assert r.returncode == 0, f"{name}: commit {m.group(1)} is not in this repository's history"
