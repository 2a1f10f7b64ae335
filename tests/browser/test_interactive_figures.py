"""The interactive figures of the website, opened in headless Chromium.

A chapter's interactive figure is a ``<div class="af-interactive">`` holding numbers the
chapter computed (``activations.plots.interactive_html``), drawn as SVG by the site's one
script, ``_ext/static/interactive.js``. The figures are found in the committed notebooks,
so a new one is covered as soon as a chapter outputs it. On its page each must: be drawn
in place of its static figure's image, under the same caption; have only labelled native
controls, each of which changes the drawing when moved (ranges and checkboxes from the
keyboard) and restores it when moved back; log nothing to the console; keep its text and
lines distinct from the page in the light and the dark theme; and stay small.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from browser_harness import ROOT, PageReport, open_page

_DIV = re.compile(r'<div class="af-interactive" data-kind="([^"]+)" data-figure="([^"]+)"')
MAX_FIGURE_BYTES = 150_000  # the issue allows 1.5 MB a page; these are tens of KB
MAX_SCRIPT_BYTES = 40_000


def _interactive_figures() -> list[tuple[str, str, str]]:
    """(page, kind, name of the static figure) for each interactive figure in a chapter."""
    found = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                html = "".join(output.get("data", {}).get("text/html", ""))
                for kind, figure in _DIV.findall(html):
                    found.append((f"book/{path.stem}.html", kind, figure))
    return found


FIGURES = _interactive_figures()
IDS = [kind for _, kind, _ in FIGURES]

# What is drawn: the path data of every mark in the figure's SVG.
DRAWING = """(kind) => Array.from(
  document.querySelectorAll(`.af-interactive[data-kind="${kind}"] svg path`)
).map((p) => p.getAttribute("d")).join("|")"""

CONTROLS = """(kind) => Array.from(
  document.querySelectorAll(`.af-interactive[data-kind="${kind}"] .af-controls :is(input, select)`)
).map((el) => ({
  id: el.id,
  tag: el.tagName.toLowerCase(),
  type: el.type,
  label: Array.from(el.labels || []).map((l) => l.textContent.trim()).join(" "),
  focusable: el.tabIndex >= 0 && !el.disabled,
  value: el.value,
  max: el.max,
  options: el.tagName === "SELECT" ? Array.from(el.options).map((o) => o.value) : [],
}))"""

PLACEMENT = """([kind, figureId]) => {
  const holder = document.querySelector(`.af-interactive[data-kind="${kind}"]`);
  const figure = document.getElementById(figureId);
  const visible = (el) => el !== null && el.checkVisibility({ visibilityProperty: true });
  return {
    ready: holder !== null && holder.classList.contains("af-ready"),
    insideFigure: figure !== null && figure.contains(holder),
    svgVisible: visible(holder && holder.querySelector("svg")),
    staticImageVisible: visible(figure && figure.querySelector("img")),
    captionVisible: visible(figure && figure.querySelector("figcaption")),
    fallbackLeft: holder ? holder.querySelectorAll(".af-fallback").length : -1,
    marks: holder ? holder.querySelectorAll("svg path").length : 0,
  };
}"""

COLOURS = """(kind) => {
  const holder = document.querySelector(`.af-interactive[data-kind="${kind}"]`);
  const svg = holder.querySelector("svg");
  const marks = Array.from(svg.querySelectorAll(".af-curve, .af-bar, .af-axis"));
  return {
    theme: document.documentElement.dataset.theme,
    background: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(svg.querySelector("text")).fill,
    strokes: marks.map((m) => getComputedStyle(m).stroke),
  };
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)[:3]]
    assert len(numbers) == 3, css
    return numbers[0], numbers[1], numbers[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours (1 to 21)."""

    def luminance(css: str) -> float:
        channels = [c / 255 for c in _rgb(css)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(first), luminance(second)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def _open(browser, base_url, path, kind, **options):
    report = PageReport(path=path)
    context, page = open_page(browser, report, **options)
    # The figures draw no math: an empty MathJax spares each test ~0.7 s of typesetting
    # (the page tests of test_site_in_browser.py check the math).
    page.route(
        "**/_static/mathjax/**",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    page.goto(base_url + path, wait_until="load")
    page.wait_for_selector(f'.af-interactive.af-ready[data-kind="{kind}"]', timeout=10_000)
    return report, context, page


def test_the_chapters_have_three_interactive_figures_of_different_kinds():
    """Guards the tests below against passing vacuously."""
    assert len({kind for _, kind, _ in FIGURES}) >= 3


def test_contrast_is_measured_like_wcag():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    assert contrast("rgb(20, 24, 30)", "rgb(20, 24, 30)") == pytest.approx(1.0)


@pytest.mark.parametrize(("path", "kind", "figure"), FIGURES, ids=IDS)
def test_figure_is_drawn_in_place_of_its_static_image(browser, base_url, path, kind, figure):
    report, context, page = _open(browser, base_url, path, kind)
    try:
        placed = page.evaluate(PLACEMENT, [kind, figure])
    finally:
        context.close()
    assert placed == {
        "ready": True,
        "insideFigure": True,
        "svgVisible": True,
        "staticImageVisible": False,
        "captionVisible": True,
        "fallbackLeft": 0,
        "marks": placed["marks"],
    }
    assert placed["marks"] > 3
    assert report.console_errors == report.page_errors == report.external_requests == []


def _move(page, control: dict) -> tuple[Callable[[], None], Callable[[], None]]:
    """Functions that move a control away from its value and back, as a reader would."""
    locator = page.locator(f"#{control['id']}")
    if control["type"] == "range":
        at_end = control["value"] == control["max"]
        away, back = ("ArrowLeft", "ArrowRight") if at_end else ("ArrowRight", "ArrowLeft")
        return (lambda: locator.press(away)), (lambda: locator.press(back))
    if control["type"] == "checkbox":
        return (lambda: locator.press("Space")), (lambda: locator.press("Space"))
    other = next(option for option in control["options"] if option != control["value"])
    return (lambda: locator.select_option(other)), (lambda: locator.select_option(control["value"]))


@pytest.mark.parametrize(("path", "kind", "figure"), FIGURES, ids=IDS)
def test_every_control_is_labelled_and_changes_the_drawing(browser, base_url, path, kind, figure):
    report, context, page = _open(browser, base_url, path, kind)
    try:
        controls = page.evaluate(CONTROLS, kind)
        assert len(controls) >= 3
        start = page.evaluate(DRAWING, kind)
        unchanged, not_restored = [], []
        for control in controls:
            assert control["label"], f"control {control['id']} has no label"
            assert control["focusable"], f"control {control['id']} cannot be reached by Tab"
            assert control["type"] in ("range", "checkbox", "select-one"), control
            away, back = _move(page, control)
            away()
            if page.evaluate(DRAWING, kind) == start:
                unchanged.append(control["label"])
            back()
            if page.evaluate(DRAWING, kind) != start:
                not_restored.append(control["label"])
    finally:
        context.close()
    assert unchanged == [], "moving these controls changed nothing drawn"
    assert not_restored == [], "moving these controls back did not restore the drawing"
    assert report.console_errors == report.page_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "kind", "figure"), FIGURES, ids=IDS)
def test_figure_reads_in_light_and_dark_theme(browser, base_url, path, kind, figure, scheme):
    report, context, page = _open(browser, base_url, path, kind, color_scheme=scheme)
    try:
        colours = page.evaluate(COLOURS, kind)
    finally:
        context.close()
    assert colours["theme"] == scheme
    assert contrast(colours["text"], colours["background"]) >= 4.5, colours
    faint = [s for s in colours["strokes"] if contrast(s, colours["background"]) < 2.0]
    assert colours["strokes"] and faint == [], f"lines that vanish in the {scheme} theme"
    assert report.console_errors == report.page_errors == []


@pytest.mark.parametrize(("path", "kind", "figure"), FIGURES, ids=IDS)
def test_figure_data_is_small(site_dir, path, kind, figure):
    page = (site_dir / path).read_text(encoding="utf-8")
    start = page.index(f'<div class="af-interactive" data-kind="{kind}"')
    end = page.index("</div>", start) + len("</div>")
    assert len(page[start:end].encode("utf-8")) < MAX_FIGURE_BYTES


def test_the_script_is_served_by_the_site_and_small(site_dir):
    script = site_dir / "_static" / "interactive.js"
    assert script.is_file()
    assert script.stat().st_size < MAX_SCRIPT_BYTES
