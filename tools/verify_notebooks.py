"""Re-execute every chapter from a clean kernel and compare it with the committed file.

``make verify-notebooks`` runs this. Each notebook is copied, with the rest of book/,
into a temporary folder and executed there by a fresh kernel (the committed files are
never touched), in the environment ``make notebooks`` uses. Then every output of every
code cell is compared with the committed one:

- text (stdout/stderr streams, ``text/plain``, ``text/html``, ``text/markdown``,
  ``text/latex``, SVG, JSON), after the same sanitizers nbval applies
  (book/nbval_sanitize.cfg);
- images (``image/png``, ``image/jpeg``) by the SHA-256 of their bytes, which nbval
  does not compare at all: a figure that no longer matches the code is caught too;
- the number, kind and order of the outputs, and errors.

Cells tagged ``nbval-ignore-output`` or ``nbval-skip`` (or starting with
``# NBVAL_IGNORE_OUTPUT`` / ``# NBVAL_SKIP``) are executed but not compared, as in nbval.

Exit status: 0 when every notebook reproduces its committed outputs, 1 when any output
differs (each difference is listed with the notebook, the cell and what changed), 2
when a notebook cannot be executed.

Usage::

    python tools/verify_notebooks.py                 # every book/*.ipynb
    python tools/verify_notebooks.py book/05_sigmoid.ipynb --jobs 1
    python tools/verify_notebooks.py --keep          # keep the executed copies
"""

from __future__ import annotations

import argparse
import base64
import difflib
import hashlib
import multiprocessing
import os
import re
import shutil
import struct
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
SANITIZE_FILE = BOOK / "nbval_sanitize.cfg"

# The environment of `make notebooks` (see the Makefile), so that outputs match.
ENVIRONMENT = {
    "PYTHONHASHSEED": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
}
IMAGE_TYPES = ("image/png", "image/jpeg")
IGNORE_TAGS = {"nbval-ignore-output", "nbval-skip"}
IGNORE_MARKERS = ("# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP")
DIFF_LINES = 12


# --------------------------------------------------------------------------------------
# Reading the committed and the fresh outputs into comparable form
# --------------------------------------------------------------------------------------


def load_sanitizers(path: Path = SANITIZE_FILE) -> list[tuple[re.Pattern, str]]:
    """The regex/replace pairs of an nbval sanitize file (same format as nbval)."""
    if not path.exists():
        return []
    pairs, pattern = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("regex: "):
            pattern = re.compile(line[len("regex: ") :])
        elif line.startswith("replace: ") and pattern is not None:
            pairs.append((pattern, line[len("replace: ") :]))
            pattern = None
    return pairs


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _image_summary(mime: str, data: str) -> str:
    raw = base64.b64decode(data)
    digest = hashlib.sha256(raw).hexdigest()[:16]
    size = ""
    if mime == "image/png" and raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) >= 24:
        width, height = struct.unpack(">II", raw[16:24])
        size = f", {width}x{height} px"
    return f"sha256 {digest}{size}, {len(raw)} bytes"


def normalized_outputs(
    cell: dict, sanitizers: list[tuple[re.Pattern, str]]
) -> list[tuple[str, str]]:
    """The outputs of a code cell as (kind, content) pairs, ready to compare.

    Consecutive stream outputs of the same name are merged (how a kernel splits its
    stdout into messages depends on timing). Images become a hash of their bytes.
    """
    items: list[tuple[str, str]] = []

    def clean(text: str) -> str:
        for pattern, replacement in sanitizers:
            text = pattern.sub(replacement, text)
        return text

    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            name, text = f"stream {output['name']}", _text(output["text"])
            if items and items[-1][0] == name:
                items[-1] = (name, items[-1][1] + text)
            else:
                items.append((name, text))
        elif kind in ("display_data", "execute_result"):
            for mime in sorted(output.get("data", {})):
                value = output["data"][mime]
                if mime in IMAGE_TYPES:
                    items.append((mime, _image_summary(mime, _text(value))))
                else:
                    items.append(
                        (mime, _text(value) if isinstance(value, (str, list)) else repr(value))
                    )
        elif kind == "error":
            items.append(("error", f"{output.get('ename')}: {output.get('evalue')}"))
    return [(kind, clean(content)) for kind, content in items]


def is_ignored(cell: dict) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    first_line = _text(cell.get("source", "")).lstrip().split("\n", 1)[0].strip()
    return bool(tags & IGNORE_TAGS) or first_line.startswith(IGNORE_MARKERS)


# --------------------------------------------------------------------------------------
# Execution (one notebook per worker process)
# --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    notebook: str
    seconds: float
    differences: list[str]
    error: str | None = None


def run(nb: nbformat.NotebookNode, cwd: Path, timeout: int, allow_errors: bool) -> None:
    """Execute *nb* in place with a fresh python3 kernel, working directory *cwd*.

    The kernel talks over Unix sockets in a temporary folder rather than TCP ports on
    localhost (no transport warning, nothing left beside the notebooks).
    """
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="kernel-") as tmp:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(tmp) / "kernel"))
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=allow_errors,
            resources={"metadata": {"path": str(cwd)}},
        )
        try:
            client.execute()
        finally:  # nbclient leaves a kernel manager it did not create running
            if km.has_kernel:
                km.shutdown_kernel(now=True)


def execute(source: Path, workdir: Path, timeout: int) -> nbformat.NotebookNode:
    """Run the copy of *source* in *workdir* with a fresh python3 kernel."""
    nb = nbformat.read(workdir / source.name, as_version=4)
    # an error output is reported as a difference, per cell
    run(nb, workdir, timeout, allow_errors=True)
    nbformat.write(nb, workdir / source.name)  # for --keep
    return nb


def compare(committed: dict, fresh: dict, sanitizers: list) -> list[str]:
    """Every difference between the outputs of the two notebooks, described."""
    differences = []
    old_cells, new_cells = committed["cells"], fresh["cells"]
    if len(old_cells) != len(new_cells):
        return [f"the notebook has {len(new_cells)} cells after execution, {len(old_cells)} before"]
    code_number = 0
    for index, (old, new) in enumerate(zip(old_cells, new_cells, strict=True)):
        if old["cell_type"] != "code":
            continue
        code_number += 1
        if is_ignored(old):
            continue
        where = (
            f"code cell {code_number} (cell {index}, execution count {old.get('execution_count')})"
        )
        before = normalized_outputs(old, sanitizers)
        after = normalized_outputs(new, sanitizers)
        if [k for k, _ in before] != [k for k, _ in after]:
            differences.append(
                f"{where}: outputs are {[k for k, _ in after]}, committed {[k for k, _ in before]}"
            )
        for (kind, old_content), (_, new_content) in zip(before, after, strict=False):
            if old_content == new_content:
                continue
            if kind in IMAGE_TYPES:
                differences.append(
                    f"{where}: {kind} differs (stale figure?)\n"
                    f"    committed: {old_content}\n    fresh:     {new_content}"
                )
            else:
                diff = list(
                    difflib.unified_diff(
                        old_content.splitlines(),
                        new_content.splitlines(),
                        "committed",
                        "fresh",
                        lineterm="",
                        n=1,
                    )
                )
                shown = "\n".join(f"    {line}" for line in diff[:DIFF_LINES])
                more = (
                    f"\n    ... {len(diff) - DIFF_LINES} more diff lines"
                    if len(diff) > DIFF_LINES
                    else ""
                )
                differences.append(f"{where}: {kind} differs\n{shown}{more}")
    return differences


def verify(source: str, workdir: str, timeout: int) -> Outcome:
    path, work = Path(source), Path(workdir)
    start = time.perf_counter()
    try:
        committed = nbformat.read(path, as_version=4)
        fresh = execute(path, work, timeout)
    except Exception as exc:  # a kernel that dies or a cell that times out
        return Outcome(path.name, time.perf_counter() - start, [], f"{type(exc).__name__}: {exc}")
    differences = compare(committed, fresh, load_sanitizers())
    return Outcome(path.name, time.perf_counter() - start, differences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: book/*.ipynb")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--keep", action="store_true", help="keep the executed copies")
    args = parser.parse_args(argv)

    notebooks = [p.resolve() for p in args.notebooks] or sorted(BOOK.glob("*.ipynb"))
    if not notebooks:
        print("no notebooks to verify", file=sys.stderr)
        return 2
    os.environ.update(ENVIRONMENT)  # inherited by every kernel
    tmp = Path(tempfile.mkdtemp(prefix="verify-notebooks-"))
    # One copy of book/ per notebook: notebooks that write files cannot collide.
    jobs = []
    for path in notebooks:
        workdir = tmp / path.stem
        shutil.copytree(
            path.parent, workdir, ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints")
        )
        jobs.append((str(path), str(workdir), args.timeout))

    print(f"re-executing {len(notebooks)} notebook(s) with {args.jobs} worker(s)", flush=True)
    start = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), mp_context=context) as pool:
        outcomes = list(pool.map(verify, *zip(*jobs, strict=True)))

    failed = errored = 0
    for outcome in outcomes:
        if outcome.error:
            errored += 1
            print(f"ERROR  {outcome.notebook} ({outcome.seconds:.0f} s): {outcome.error}")
        elif outcome.differences:
            failed += 1
            print(f"DIFFER {outcome.notebook} ({outcome.seconds:.0f} s):")
            for difference in outcome.differences:
                print(f"  {difference}")
        else:
            print(f"ok     {outcome.notebook} ({outcome.seconds:.0f} s)")
    if args.keep:
        print(f"executed copies kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    total = time.perf_counter() - start
    print(
        f"{len(outcomes) - failed - errored} of {len(outcomes)} notebooks reproduce their "
        f"committed outputs exactly (text and figures) in {total:.0f} s"
    )
    if failed or errored:
        print("after an intended change, run `make notebooks` and commit the refreshed notebooks")
    return 2 if errored else (1 if failed else 0)


if __name__ == "__main__":
    sys.exit(main())
