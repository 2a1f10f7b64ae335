"""Fixtures for the browser tests: the built site, a local server for it, and Chromium.

Without a built site or a browser the tests skip with a message saying what to do;
when the ``CI`` environment variable is set they fail instead, so continuous
integration can never pass by skipping them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from browser_harness import (
    INSTALL_HINT,
    SITE_DIR,
    PageReport,
    find_chromium,
    launch_chromium,
    serve,
    visit,
)


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail when running in continuous integration."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser tests fail instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / "index.html").is_file():
        unavailable(f"no built site in {SITE_DIR}: run `make build-strict` or `make book` first")
    return SITE_DIR


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        import playwright  # noqa: F401
    except ImportError:
        unavailable("Playwright is not installed: `pip install -r requirements-dev.txt`")
    executable = find_chromium()
    if executable is None:
        unavailable(f"no Chromium for the browser tests: {INSTALL_HINT}")
    with launch_chromium(executable) as chromium:
        yield chromium


@pytest.fixture(scope="session")
def page_report(browser: Any, base_url: str) -> Callable[[str], PageReport]:
    """Open a page once per session and return what it did (see `PageReport`)."""
    reports: dict[str, PageReport] = {}

    def report(path: str) -> PageReport:
        if path not in reports:
            reports[path] = visit(browser, base_url, path)
        return reports[path]

    return report
