"""Where the files that ship with kg are: the ontology, the SHACL shapes, the saved queries, the
lexicons, the seed and development reports with their gold annotations.

In a clone (and an editable install) they are the top-level folders ``ontology/`` and ``data/``;
in an installed wheel they are ``kg/ontology/`` and ``kg/data/`` inside the package (pyproject's
``package-dir``). Both are found through ``importlib.resources.files("kg")``, so the rest of kg
asks this module and never builds a path from ``__file__``. pip installs wheels unpacked, so these
are real folders (jieba, pySHACL and Oxigraph need real paths); a zipped kg is refused here.

The user's own reports, curation files and extra lexicons are not package data: they come from
the command line, ``[tool.kg]`` or the current directory (``kg.config``).
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["RESOURCE_ROOT", "ONTOLOGY_DIR", "DATA_DIR", "LEXICON_DIR", "QUERIES_DIR", "GOLD_DIR",
           "SEED_DIR", "DEV_DIR", "HELDOUT_DIR", "CURATION_DIR", "IN_CLONE", "resource"]


def _root() -> tuple[Path, bool]:
    """The folder holding ``ontology/`` and ``data/``, and whether it is a clone."""
    package = files("kg")
    if not isinstance(package, Path):   # pragma: no cover - a zipped install
        raise RuntimeError(f"kg must be installed unpacked (pip does this); found {package!r}")
    if (package / "ontology" / "kg.ttl").is_file():
        return package, False           # an installed wheel: kg/ontology, kg/data
    return package.parent, True         # a clone: ontology/ and data/ beside kg/


RESOURCE_ROOT, IN_CLONE = _root()
ONTOLOGY_DIR = RESOURCE_ROOT / "ontology"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
DATA_DIR = RESOURCE_ROOT / "data"
LEXICON_DIR = DATA_DIR / "lexicon"
SEED_DIR = DATA_DIR / "reports"          # the seed report, as shipped
DEV_DIR = DATA_DIR / "dev"
HELDOUT_DIR = DATA_DIR / "heldout"
GOLD_DIR = DATA_DIR / "gold"
CURATION_DIR = DATA_DIR / "curation"     # the seed's curation file


def resource(*parts: str) -> Path:
    """The shipped file ``parts`` (relative to the clone's root), e.g. ``("ontology", "kg.ttl")``.

    Example:
        >>> resource("ontology", "kg.ttl").name
        'kg.ttl'
        >>> resource("ontology", "kg.ttl").is_file()
        True
    """
    return RESOURCE_ROOT.joinpath(*parts)
