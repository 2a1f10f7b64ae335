"""Print the built site's page count, size and per-page load times (``make site-report``).

Every page of ``_toc.yml`` is opened in headless Chromium, in a fresh profile each time,
``--runs`` times; a page's load time runs from navigation to the end of MathJax
typesetting, and the median of the runs is reported. With ``--screenshots DIR`` it also
saves the first chapter (or page) in the light and the dark theme, to check figures by eye.
Measurements, not assertions: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from browser_harness import (
    INSTALL_HINT,
    SITE_DIR,
    find_chromium,
    launch_chromium,
    notebook_pages,
    serve,
    toc_pages,
    visit,
)


def directory_size(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


def save_screenshots(browser, base_url: str, path: str, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        figure = page.locator("figure img").first
        if figure.count():
            figure.scroll_into_view_if_needed()
        target = out / f"{Path(path).stem}-{scheme}.png"
        page.screenshot(path=str(target))
        saved.append(target)
        context.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="loads per page (median)")
    parser.add_argument("--screenshots", type=Path, help="save light/dark screenshots here")
    args = parser.parse_args()

    if not (SITE_DIR / "index.html").is_file():
        print(f"No built site in {SITE_DIR}: run `make build-strict` or `make book` first.")
        return 1
    executable = find_chromium()
    if executable is None:
        print(f"No Chromium: {INSTALL_HINT}.")
        return 1

    pages = toc_pages()
    html_files = sum(1 for _ in SITE_DIR.rglob("*.html"))
    size_mib = directory_size(SITE_DIR) / 2**20
    print(f"site:  {SITE_DIR}")
    print(f"pages: {len(pages)} in _toc.yml ({html_files} HTML files in the site)")
    print(f"size:  {size_mib:.1f} MiB")

    with serve(SITE_DIR) as base_url, launch_chromium(executable) as browser:
        times = {}
        for path in pages:
            reports = [visit(browser, base_url, path) for _ in range(args.runs)]
            if reports[0].status != 200:
                print(f"  {path}: status {reports[0].status}, left out")
                continue
            times[path] = statistics.median(report.load_seconds for report in reports)
        print(f"\nload time to typeset math, median of {args.runs} fresh loads")
        for path, seconds in sorted(times.items(), key=lambda item: -item[1]):
            print(f"  {seconds:6.2f} s  {path}")
        slowest = max(times, key=times.__getitem__)
        print(f"slowest page: {slowest} ({times[slowest]:.2f} s)")
        if args.screenshots:
            shown = (notebook_pages() or pages)[0]
            for saved in save_screenshots(browser, base_url, shown, args.screenshots):
                print(f"screenshot: {saved}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
