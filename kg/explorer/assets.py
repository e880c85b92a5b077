"""Explorer assets: names under ``/static/`` -> (content type, bytes) served by ``kg serve``.

Takes: nothing but the package's files. Gives: the explorer page (``kg/templates/explorer.html``),
its script (``explorer.js``), the look, legend and panel code it shares with the static
``kg viz`` page (``kg-view.css``, ``kg-view.js``: the static page inlines the same files)
and vis-network's script and stylesheet from the pyvis package, so nothing is fetched
from elsewhere. ``CSP`` is the policy the explorer is served with: scripts, styles and
requests from the server itself only, no inline script or style at all.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from ..visualize import SHARED_ASSETS

__all__ = ["CSP", "asset", "page"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
       "font-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def _vis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).with_name("templates") / "lib" / "vis-9.1.2"


@cache
def asset(name: str) -> tuple[str, bytes] | None:
    """The file served as ``/static/NAME``, or None for any other name.

    Example:
        >>> asset("kg-view.js")[0], asset("../serve.py")
        ('text/javascript; charset=utf-8', None)
    """
    if name in SHARED_ASSETS or name == "explorer.js":
        path = _TEMPLATES / name
    elif name in ("vis-network.min.js", "vis-network.css"):
        path = _vis_dir() / name
    else:
        return None
    return _TYPES[path.suffix], path.read_bytes()


@cache
def page() -> bytes:
    """The explorer page served at ``/``."""
    return (_TEMPLATES / "explorer.html").read_bytes()
