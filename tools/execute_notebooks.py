"""Execute the chapters in place, each only when something it depends on has changed.

``make book`` and ``make notebooks`` run this. A chapter is executed (by a fresh python3
kernel over Unix sockets, in book/, top to bottom) and written back, with volatile
metadata stripped as nbstripout does for the committed notebooks, when its key differs
from the one recorded after its last execution. The key is a hash of

- the chapter's code cells (its markdown does not change its outputs),
- the helper package (every file under src/activations),
- requirements.txt and pyproject.toml (the versions that produce the outputs),
- and, for the claims ledger, which reads the other chapters' tables, those chapters.

So a change in one chapter re-executes that chapter (and the ledger), a change in
``src/`` re-executes every chapter, and a rebuild with nothing changed executes none.
The keys live in ``_build/.execution/`` (``make clean`` forgets them). A notebook whose
fresh outputs equal the file on disk is not rewritten, so its timestamp, and Sphinx's
view of it, stay as they were.

Usage::

    python tools/execute_notebooks.py                  # the chapters whose key changed
    python tools/execute_notebooks.py --all            # every chapter, whatever the keys
    python tools/execute_notebooks.py book/05_sigmoid.ipynb --all
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
STAMPS = ROOT / "_build" / ".execution"
PACKAGE = ROOT / "src" / "activations"
# Notebooks that read the other chapters' executed files (run after them).
READS_OTHER_CHAPTERS = {"13_claims_ledger.ipynb"}
STRIP = [
    "--keep-output",
    "--keep-count",
    "--extra-keys",
    "metadata.language_info.version metadata.kernelspec.display_name",
]
ENVIRONMENT = {  # as in the Makefile, for a direct call
    "PYTHONHASHSEED": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def _code(path: Path) -> bytes:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return json.dumps([c["source"] for c in cells if c["cell_type"] == "code"]).encode()


def key(path: Path, chapters: list[Path]) -> str:
    """The hash that decides whether *path* must be executed again."""
    digest = hashlib.sha256(_code(path))
    files = [*sorted(PACKAGE.rglob("*.py")), ROOT / "requirements.txt", ROOT / "pyproject.toml"]
    if path.name in READS_OTHER_CHAPTERS:
        files += [c for c in chapters if c.name not in READS_OTHER_CHAPTERS]
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def merge_streams(nb: nbformat.NotebookNode) -> None:
    """Join consecutive stdout (or stderr) outputs of a cell into one.

    How a kernel cuts printed text into stream messages depends on timing, so without
    this the same execution could write a different file (nbval and myst-nb merge them
    too, so nothing a reader sees changes).
    """
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            last = merged[-1] if merged else None
            if (
                out.output_type == "stream"
                and last is not None
                and last.output_type == "stream"
                and last.name == out.name
            ):
                last.text += out.text
            else:
                merged.append(out)
        if "outputs" in cell:
            cell.outputs = merged


def execute(path: Path, timeout: int) -> str:
    """Execute *path* in book/ and write it back if its content changed."""
    from verify_notebooks import run  # one way to run a notebook, shared with verify

    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    run(nb, path.parent, timeout, allow_errors=False)
    merge_streams(nb)
    with tempfile.TemporaryDirectory(prefix="execute-") as tmp:
        fresh = Path(tmp) / path.name
        nbformat.write(nb, fresh)
        subprocess.run([sys.executable, "-m", "nbstripout", *STRIP, str(fresh)], check=True)
        changed = fresh.read_bytes() != path.read_bytes()
        if changed:
            path.write_bytes(fresh.read_bytes())
    state = "updated" if changed else "unchanged"
    return f"executed {path.name} in {time.perf_counter() - start:.1f} s ({state})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: book/*.ipynb")
    parser.add_argument("--all", action="store_true", help="execute whatever the keys say")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args(argv)

    chapters = sorted(BOOK.glob("*.ipynb"))
    wanted = [p.resolve() for p in args.notebooks] or chapters
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    STAMPS.mkdir(parents=True, exist_ok=True)

    def stale(path: Path) -> bool:
        stamp = STAMPS / (path.stem + ".key")
        return args.all or not stamp.exists() or stamp.read_text() != key(path, chapters)

    # Chapters first, in parallel; then the pages that read them.
    first = [p for p in wanted if p.name not in READS_OTHER_CHAPTERS and stale(p)]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for message in pool.map(lambda p: execute(p, args.timeout), first):
            print(message, flush=True)
    later = [p for p in wanted if p.name in READS_OTHER_CHAPTERS and stale(p)]
    for path in later:
        print(execute(path, args.timeout), flush=True)
    for path in first + later:
        (STAMPS / (path.stem + ".key")).write_text(key(path, chapters))
    if not first + later:
        print("every chapter is up to date (nothing to execute)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
