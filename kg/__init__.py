"""kg: knowledge graphs from Chinese government annual reports.

Stages (one module each): ``ingest`` -> ``extract`` -> ``curate`` -> ``rdfize`` ->
``reason`` -> ``validate`` -> ``networks`` -> ``visualize``; ``pipeline`` chains them
and ``cli`` is a thin click layer over it.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
