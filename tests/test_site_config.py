"""Site configuration that the browser tests cannot see from the built pages alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
STATIC = ROOT / "_ext" / "static"


def _colab_install_cells() -> list[tuple[str, str]]:
    cells = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if "colab-install" in cell.get("metadata", {}).get("tags", []):
                cells.append((path.name, "".join(cell["source"])))
    return cells


@pytest.mark.parametrize(("notebook", "source"), _colab_install_cells())
def test_colab_install_cell_installs_from_the_configured_repository(notebook, source):
    repository = CONFIG["repository"]
    expected = f"git+{repository['url'].rstrip('/')}@{repository['branch']}"
    assert expected in source, (
        f"{notebook}: the colab-install cell should install from {expected} "
        "(repository: in _config.yml)"
    )


def test_mathjax_is_served_from_the_site():
    mathjax_path = CONFIG["sphinx"]["config"]["mathjax_path"]
    assert "://" not in mathjax_path, "MathJax must not come from a CDN"
    script = STATIC / mathjax_path
    assert script.is_file(), f"{script} is missing"
    fonts = sorted((script.parent / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert [font.name for font in fonts if font.name.startswith("MathJax_Main")] == [
        "MathJax_Main-Bold.woff",
        "MathJax_Main-Italic.woff",
        "MathJax_Main-Regular.woff",
    ]
    assert (
        (script.parent / "LICENSE")
        .read_text(encoding="utf-8")
        .lstrip()
        .startswith("Apache License")
    )


def test_launch_buttons_do_not_enable_thebe():
    # Thebe turns a page into live code by loading thebe from unpkg.com and a kernel from
    # mybinder.org; the launch buttons must stay plain links.
    assert CONFIG["launch_buttons"].get("thebe", False) is False
