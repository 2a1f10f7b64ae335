"""Load the built website in headless Chromium and record what each page does.

Shared by the browser tests (``test_site_in_browser.py``) and the size-and-speed report
(``report.py``). The site in ``_build/html`` is served on 127.0.0.1 with an ephemeral
port; every page is opened in a fresh browser profile, and every request it makes,
every console message, every math node, image and link is recorded in a `PageReport`.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
# The built site; BOOK_SITE_DIR points the tests at a build made elsewhere.
SITE_DIR = Path(os.environ.get("BOOK_SITE_DIR", ROOT / "_build" / "html"))
HOST = "127.0.0.1"

# Quiet, offline-friendly flags (Playwright adds --headless and --no-sandbox itself).
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # containers give /dev/shm only 64 MB
]
CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome"]
INSTALL_HINT = (
    "install Chromium (on Debian: `sudo apt-get install chromium`) or set CHROMIUM_PATH "
    "to a Chromium or Chrome executable"
)
SOURCE_SUFFIXES = (".ipynb", ".md", ".rst")

# Run in the page once it has loaded: wait for MathJax to finish typesetting, then
# collect what the checks need.
WAIT_FOR_MATHJAX = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
}"""
COLLECT = """() => {
  const snippet = (el) => el.outerHTML.slice(0, 160);
  const math = Array.from(document.querySelectorAll('.math'));
  const rawTex = math.filter((el) => {
    const leftover = Array.from(el.childNodes)
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent)
      .join('');
    return !el.querySelector('mjx-container') || /[\\\\$]/.test(leftover);
  });
  const errors = Array.from(document.querySelectorAll('mjx-merror'));
  return {
    mathNodes: math.length,
    untypesetMath: rawTex.map(snippet),
    mathErrors: errors.map((el) => el.getAttribute('data-mjx-error') || snippet(el)),
    imagesWithoutAlt: Array.from(document.images)
      .filter((img) => !(img.getAttribute('alt') || '').trim())
      .map((img) => img.getAttribute('src')),
    links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.href),
  };
}"""
# Whether the body of each exercise solution (a sphinx-exercise dropdown) is visible.
SOLUTION_VISIBILITY = """() => Array.from(document.querySelectorAll('div.solution.dropdown'))
  .map((solution) => {
    const body = solution.querySelector(':scope > :not(.admonition-title)');
    return body !== null && body.checkVisibility({ visibilityProperty: true });
  })"""
SOLUTION_BUTTON = "div.solution.dropdown > .admonition-title button.toggle-button"


@dataclass
class PageReport:
    """What one page did when it was opened in a fresh browser profile."""

    path: str
    url: str = ""
    status: int | None = None
    load_seconds: float = 0.0
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    math_nodes: int = 0
    untypeset_math: list[str] = field(default_factory=list)
    math_errors: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    # One entry per exercise solution: is its body visible on load, and after a click?
    solutions_visible_on_load: list[bool] = field(default_factory=list)
    solutions_visible_after_click: list[bool] = field(default_factory=list)


def _strip_source_suffix(name: str) -> str:
    for suffix in SOURCE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def toc_pages(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """Site paths (``book/intro.html``) of every document in ``_toc.yml``, in order.

    Follows ``root``, ``parts``, ``chapters``, ``sections`` and ``subtrees`` at any depth,
    expands ``glob`` entries and leaves ``url`` entries (external links) out.
    """
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    docnames: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        for key in ("root", "file"):
            if key in node:
                docnames.append(_strip_source_suffix(str(node[key])))
        if "glob" in node:
            matches = sorted(
                path.relative_to(ROOT).as_posix()
                for path in ROOT.glob(str(node["glob"]))
                if path.suffix in SOURCE_SUFFIXES
            )
            docnames.extend(_strip_source_suffix(match) for match in matches)
        for key in ("parts", "chapters", "sections", "subtrees", "entries"):
            walk(node.get(key))

    walk(toc)
    return [f"{name}.html" for name in dict.fromkeys(docnames)]


def notebook_pages(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """The `toc_pages` whose source is a notebook (they get launch buttons)."""
    return [page for page in toc_pages(toc_path) if (ROOT / page).with_suffix(".ipynb").is_file()]


def find_chromium() -> str | None:
    """Path of the Chromium to drive: ``$CHROMIUM_PATH``, else one on ``PATH``."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser drops connections it no longer needs when a test closes a page.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 with an ephemeral port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def launch_chromium(executable: str) -> Iterator[Any]:
    """A headless Chromium driven by Playwright (``playwright install`` is not needed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Any, report: PageReport, **context_options: Any) -> tuple[Any, Any]:
    """A new page in a fresh profile, with every event recorded into ``report``.

    Requests to any host but 127.0.0.1 are recorded and aborted, so a page that tries
    to reach the network fails its test instead of waiting for it.
    """
    context = browser.new_context(**context_options)
    page = context.new_page()

    def route(route: Any) -> None:
        if urlsplit(route.request.url).hostname == HOST:
            route.continue_()
        else:
            report.external_requests.append(route.request.url)
            route.abort()

    def on_console(message: Any) -> None:
        if message.type == "error":
            report.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            report.failed_requests.append(f"{response.status} {response.url}")

    def on_request_failed(request: Any) -> None:
        if urlsplit(request.url).hostname == HOST:
            report.failed_requests.append(f"{request.failure} {request.url}")

    page.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", lambda error: report.page_errors.append(str(error)))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return context, page


def visit(browser: Any, base_url: str, path: str) -> PageReport:
    """Open ``path`` in a fresh profile, wait for the math, and record everything.

    Last, it clicks every exercise solution's toggle button, as a reader would.
    """
    report = PageReport(path=path)
    context, page = open_page(browser, report)
    try:
        start = time.perf_counter()
        response = page.goto(base_url + path, wait_until="load")
        page.evaluate(WAIT_FOR_MATHJAX)
        report.load_seconds = time.perf_counter() - start
        report.status = response.status if response else None
        report.url = page.url
        found = page.evaluate(COLLECT)
        report.solutions_visible_on_load = page.evaluate(SOLUTION_VISIBILITY)
        buttons = page.locator(SOLUTION_BUTTON)
        for index in range(buttons.count()):
            buttons.nth(index).click()
        report.solutions_visible_after_click = page.evaluate(SOLUTION_VISIBILITY)
    finally:
        context.close()
    report.math_nodes = found["mathNodes"]
    report.untypeset_math = found["untypesetMath"]
    report.math_errors = found["mathErrors"]
    report.images_without_alt = found["imagesWithoutAlt"]
    report.links = found["links"]
    return report


class _AnchorCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.anchors.add(value)


@functools.cache
def anchors_in(html_file: Path) -> frozenset[str]:
    """Every ``id`` (and ``<a name>``) in an HTML file."""
    collector = _AnchorCollector()
    collector.feed(html_file.read_text(encoding="utf-8"))
    return frozenset(collector.anchors)


def broken_links(site_dir: Path, base_url: str, hrefs: list[str]) -> list[str]:
    """The links into the site whose file, or whose ``#fragment`` in it, does not exist.

    Links to other hosts (launch buttons, the repository, cited papers) are not followed:
    they are not loaded by the page, and checking them would need the network.
    """
    site = urlsplit(base_url)
    broken = []
    for href in dict.fromkeys(hrefs):
        link = urlsplit(href)
        if link.scheme not in ("http", "https") or link.netloc != site.netloc:
            continue
        target = site_dir / unquote(link.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href}: no file {target.relative_to(site_dir)}")
        elif link.fragment and target.suffix == ".html":
            if unquote(link.fragment) not in anchors_in(target):
                broken.append(f"{href}: no id {unquote(link.fragment)!r} in that page")
    return broken
