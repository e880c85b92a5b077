"""Settings: defaults < ``[tool.kg]`` in ``pyproject.toml`` < command-line flags.

Only ``cli`` and ``pipeline`` see ``Settings``; stages get explicit arguments.

Defaults: the ontology, shapes and lexicons are the ones that ship with kg (``kg.resources``);
the user's reports and curation files are ``data/reports`` and ``data/curation`` of the
project (a clone's own folders; when kg is installed, those of the current directory).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import ConfigError
from .resources import IN_CLONE, LEXICON_DIR, ONTOLOGY_DIR, RESOURCE_ROOT

__all__ = ["Settings", "load_settings", "default_report_paths", "PROJECT_ROOT"]

# the folder holding ontology/ and data/: the clone's root, or the installed package folder
PROJECT_ROOT = RESOURCE_ROOT
# the user's own reports and curation files: the clone's, or the current directory's
_USER_ROOT = RESOURCE_ROOT if IN_CLONE else Path()


@dataclass(frozen=True)
class Settings:
    ontology: Path = ONTOLOGY_DIR / "kg.ttl"
    shapes: Path = ONTOLOGY_DIR / "shapes.ttl"
    lexicon_dir: Path = LEXICON_DIR
    curation_dir: Path = _USER_ROOT / "data" / "curation"
    reports_dir: Path = _USER_ROOT / "data" / "reports"
    output_dir: Path = Path("build")
    extractor: str = "rules"
    reasoner: str = "rules"
    validate: bool = True
    curate: bool = True
    encoding: str | None = None
    # corpus builds (kg.corpus)
    jobs: int = 0                                  # worker processes; 0 = all cores
    cache_dir: Path | None = Path(".cache") / "kg"  # per-report results by content hash; None = no cache
    strict: bool = False                           # a broken report fails the build instead of being skipped
    store_threshold: int = 50                      # more reports than this: build into the on-disk store
    validate_sample: int = 20                      # store builds: SHACL-validate this many reports (0 = all)
    scheduler: str | None = None                   # a Dask scheduler (tcp://HOST:PORT): the per-report map runs there


_PATHS = {"ontology", "shapes", "lexicon_dir", "curation_dir", "reports_dir", "output_dir", "cache_dir"}


def load_settings(pyproject: Path | None = None, **overrides: object) -> Settings:
    """Settings from ``[tool.kg]`` of ``pyproject`` (if it has one), then ``overrides``.

    Example:
        >>> load_settings(None, reasoner="owlrl").reasoner
        'owlrl'
    """
    s = Settings()
    valid = {f.name for f in fields(Settings)}
    table: dict = {}
    if pyproject is not None and Path(pyproject).exists():
        try:
            table = tomllib.loads(Path(pyproject).read_text(encoding="utf-8")).get("tool", {}).get("kg", {})
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{pyproject}: not valid TOML: {e}") from e
    for source, values in ((str(pyproject), table), ("flags", overrides)):
        for k, v in values.items():
            if v is None:
                continue
            if k not in valid:
                raise ConfigError(f"{source}: unknown setting '{k}'; valid: {', '.join(sorted(valid))}")
            if k in _PATHS:
                v = Path(v)
                if source != "flags" and not v.is_absolute():
                    v = Path(pyproject).parent / v
            s = replace(s, **{k: v})
    return s


def default_report_paths(settings: Settings) -> list[Path]:
    """What ``kg build`` reads when given no path: ``settings.reports_dir``, if it exists.

    Raises:
        ConfigError: it does not exist (an installed kg run outside a project), saying what to pass.
    """
    if Path(settings.reports_dir).exists():
        return [settings.reports_dir]
    raise ConfigError(f"no reports given and no {settings.reports_dir} folder here: name report files or folders "
                      f"(kg build REPORT.txt ... or kg build DIR), or set reports_dir in [tool.kg] of pyproject.toml")
