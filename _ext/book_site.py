"""Local Sphinx extension: site-wide fixes that keep the book's pages clean and self-contained.

Loaded from ``_config.yml`` (``sphinx.local_extensions``). It does four things:

1. Inline scripts are registered once, not twice. Sphinx 7.4 stores an inline script
   (``app.add_js_file(None, body=...)``) under the name ``None`` when it is added while
   the builder is running and under ``""`` when the builder re-reads its registry, so
   the two copies are not recognised as duplicates and both land in every page. For
   sphinx-thebe's ``const THEBE_JS_URL = ...`` that is a browser-console error
   ("Identifier 'THEBE_JS_URL' has already been declared"). Sphinx 8 fixes this
   upstream; here every ``None`` is passed on as ``""``, which is what Sphinx itself
   uses, so the copies compare equal and are written once.
2. ``_ext/static`` (the favicon, the book's stylesheet and a local copy of MathJax, see
   ``_ext/static/mathjax/README.md``) is added to the static files; Jupyter Book's own
   ``_static`` convention is avoided because it injects every ``.js`` file found there
   into every page.
3. ``book.css`` is linked from every page.
4. So is ``interactive.js`` (deferred), the one script that draws the interactive figures
   some chapters output (``activations.plots.interactive_html``): served by the site
   itself, a few kilobytes, and it does nothing on a page without such a figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"


def _register_inline_scripts_once(app: Sphinx) -> None:
    add_js_file = app.add_js_file

    def add_js_file_named(filename: str | None, priority: int = 500, **kwargs: Any) -> None:
        add_js_file(filename or "", priority=priority, **kwargs)

    app.add_js_file = add_js_file_named  # type: ignore[method-assign]


def _add_static_dir(app: Sphinx, config: Any) -> None:
    static = str(STATIC_DIR)
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def setup(app: Sphinx) -> dict[str, Any]:
    _register_inline_scripts_once(app)
    app.connect("config-inited", _add_static_dir)
    app.add_css_file("book.css")
    app.add_js_file("interactive.js", loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
