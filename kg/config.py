"""Settings: defaults < ``[tool.kg]`` in ``pyproject.toml`` < command-line flags.

Only ``cli`` and ``pipeline`` see ``Settings``; stages get explicit arguments.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "PROJECT_ROOT"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    ontology: Path = PROJECT_ROOT / "ontology" / "kg.ttl"
    shapes: Path = PROJECT_ROOT / "ontology" / "shapes.ttl"
    lexicon_dir: Path = PROJECT_ROOT / "data" / "lexicon"
    curation_dir: Path = PROJECT_ROOT / "data" / "curation"
    reports_dir: Path = PROJECT_ROOT / "data" / "reports"
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
