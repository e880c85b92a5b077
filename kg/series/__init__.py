"""Report series: one body's reports over the years (issue 13).

Takes a built store (or report files) and gives: the series and their editions
(``find_series``), figures lined up by canonical indicator, unit and scope (``align``), last
year's plans checked against this year's report (``check_plans``), ``kg compare``'s
comparisons (``compare_editions``, ``compare_series``, ``render``) and ``link_series``
(``link_editions``), the triples the build writes into the named graph ``id:graph/series``.

Modules, from the bottom up: ``record`` (store or one report's triples -> ``Edition``), ``indicators``, ``editions``,
``plans``, ``compare``, ``link``, ``load`` (files -> store) and ``command`` (kg compare's arguments).
"""
from __future__ import annotations

from .command import comparisons_for, report_files
from .compare import FORMATS, Comparison, FigureRow, compare_editions, compare_series, render, to_dict
from .editions import Series, canonical_issuer, find_series, require_comparable
from .indicators import Aligned, align, comparable
from .link import SERIES_GRAPH, add_series_graph, link_editions, link_series, series_of_editions, series_of_store
from .plans import FollowUp, check_plans, plan_clauses
from .record import Clause, Edition, EditionShelf, Figure, SeriesError, edition_of, read_editions

__all__ = ["link_series", "link_editions", "add_series_graph", "series_of_store", "series_of_editions", "SERIES_GRAPH",
           "read_editions", "edition_of", "EditionShelf", "Edition", "Clause",
           "Figure", "SeriesError", "find_series", "Series", "canonical_issuer", "require_comparable", "align", "Aligned",
           "comparable", "check_plans", "plan_clauses", "FollowUp", "compare_editions", "compare_series", "render",
           "to_dict", "Comparison", "FigureRow", "FORMATS", "comparisons_for", "report_files"]
