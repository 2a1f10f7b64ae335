"""The built website, opened page by page in headless Chromium.

The pages are every document in ``_toc.yml`` (so a new chapter is covered as soon as it
is listed) plus Sphinx's search and index pages. Each page is opened once, in a fresh
browser profile, and must: load with status 200; log no console error and no page
error; request nothing that fails and nothing from any host but 127.0.0.1; typeset all
of its math; give every image alt text; and link only to files and anchors that exist.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser_harness import (
    ROOT,
    PageReport,
    broken_links,
    notebook_pages,
    open_page,
    toc_pages,
)

PAGES = [*toc_pages(), "search.html", "genindex.html"]
SEARCH_WORD = "sigmoid"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_status_200(page_report, path):
    report = page_report(path)
    assert report.status == 200, f"{path} answered {report.status}"


@pytest.mark.parametrize("path", PAGES)
def test_page_logs_no_console_error_and_no_failed_request(page_report, path):
    report = page_report(path)
    assert report.page_errors == [], f"uncaught errors on {path}"
    assert report.console_errors == [], f"console errors on {path}"
    assert report.failed_requests == [], f"failed requests from {path}"


@pytest.mark.parametrize("path", PAGES)
def test_page_requests_nothing_from_another_host(page_report, path):
    assert page_report(path).external_requests == []


@pytest.mark.parametrize("path", PAGES)
def test_every_math_node_is_typeset_by_the_local_mathjax(page_report, path):
    report = page_report(path)
    assert report.untypeset_math == [], f"raw TeX left on {path}"
    assert report.math_errors == [], f"MathJax errors on {path}"


@pytest.mark.parametrize("path", PAGES)
def test_every_image_has_alt_text(page_report, path):
    assert page_report(path).images_without_alt == []


@pytest.mark.parametrize("path", PAGES)
def test_every_internal_link_and_anchor_resolves(page_report, site_dir, base_url, path):
    report = page_report(path)
    assert report.links, f"no links at all on {path}: the page did not render"
    assert broken_links(site_dir, base_url, report.links) == []


def test_pages_with_math_are_checked(page_report):
    """Guards the math test against passing vacuously: some page must hold math."""
    assert sum(page_report(path).math_nodes for path in PAGES) > 0


def test_site_root_redirects_to_the_first_page(browser, base_url):
    report = PageReport(path="index.html")
    context, page = open_page(browser, report)
    try:
        page.goto(base_url)
        page.wait_for_url(base_url + toc_pages()[0])
    finally:
        context.close()
    assert report.console_errors == report.page_errors == report.external_requests == []


def _repository() -> tuple[str, str]:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repository = config["repository"]
    return repository["url"].rstrip("/"), repository["branch"]


@pytest.mark.parametrize("path", notebook_pages())
def test_notebook_page_links_binder_colab_and_its_download(page_report, path):
    url, branch = _repository()
    owner_and_name = urlsplit(url).path.strip("/")
    notebook = str(Path(path).with_suffix(".ipynb"))
    links = page_report(path).links
    binder = f"https://mybinder.org/v2/gh/{owner_and_name}/{branch}?urlpath=lab/tree/{notebook}"
    colab = f"https://colab.research.google.com/github/{owner_and_name}/blob/{branch}/{notebook}"
    assert binder in links
    assert colab in links
    assert url in links  # the repository button
    assert any(urlsplit(link).path == f"/_sources/{notebook}" for link in links)


def test_search_finds_a_word_on_the_page_that_holds_it(browser, base_url, site_dir):
    mentions = {
        path: (site_dir / path).read_text(encoding="utf-8").lower().count(SEARCH_WORD)
        for path in toc_pages()
        if (site_dir / path).is_file()  # a missing page fails its own tests
    }
    expected = max(mentions, key=mentions.__getitem__)
    assert mentions[expected] > 0, f"no page mentions {SEARCH_WORD!r}"

    report = PageReport(path="search.html")
    context, page = open_page(browser, report)
    try:
        page.goto(base_url + "search.html")
        box = page.locator("form.bd-search input[name=q]").locator("visible=true")
        box.fill(SEARCH_WORD)
        box.press("Enter")
        page.wait_for_function(
            "() => /Search finished|did not match/.test("
            "document.querySelector('#search-results .search-summary')?.innerText || '')",
            timeout=15_000,
        )
        hits = page.locator("#search-results ul.search li > a").evaluate_all(
            "links => links.map((a) => a.href)"
        )
    finally:
        context.close()
    assert expected in [urlsplit(hit).path.lstrip("/") for hit in hits]
    assert report.console_errors == report.page_errors == report.external_requests == []


@pytest.mark.parametrize("path", PAGES)
def test_exercise_solutions_are_hidden_until_opened(page_report, path):
    report = page_report(path)
    solutions = len(report.solutions_visible_on_load)
    assert report.solutions_visible_on_load == [False] * solutions, "solution shown on load"
    assert report.solutions_visible_after_click == [True] * solutions, "click did not open it"


def test_exercise_solutions_are_checked(page_report):
    """Guards the solution test against passing vacuously: chapters end with exercises."""
    assert sum(len(page_report(path).solutions_visible_on_load) for path in PAGES) > 0
