"""The live explorer of ``kg serve``: search, open, expand and filter a whole corpus.

``index`` (a store -> ``CorpusIndex`` of names, classes, relations and reports),
``api`` (the index + a SPARQL runner -> JSON answers) and ``assets`` (the page and its
scripts, served from the package). ``kg.serve`` routes ``/``, ``/static/*`` and
``/api/*`` here.
"""
from __future__ import annotations

from .api import Explorer, ExplorerError, Sparql, evidence, store_sparql
from .assets import CSP, asset, page
from .index import CorpusIndex, Filters, build_index

__all__ = ["CorpusIndex", "Filters", "build_index", "Explorer", "ExplorerError", "Sparql", "evidence",
           "store_sparql", "CSP", "asset", "page"]
