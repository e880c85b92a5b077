"""The README's quick start is two commands, and every CLI command is documented."""
from __future__ import annotations

import re

from click.testing import CliRunner

from kg.cli import cli
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
