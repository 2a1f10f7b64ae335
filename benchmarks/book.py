"""Wall time of building and testing the book: ``make bench-book`` (takes minutes).

Measures, one after the other, in the existing environment (.venv):

1. a clean ``make book``: after ``make clean`` (no _build, no caches, no execution
   keys), every chapter executed and the site built;
2. a no-change rebuild: ``make book`` again at once (no chapter executed, no page
   rebuilt);
3. one chapter changed: a comment added to a code cell of chapter 5, then ``make book``
   (that chapter and the claims ledger, which reads it, are executed again);
4. ``src/`` changed: a comment added to ``src/activations/data.py``, then ``make book``
   (every chapter executed again);
5. ``make test``: lint, unit tests, nbval, the strict build and the browser checks
   (run with ``make -k``, so that one failing check does not cut the timing short).

The changes of steps 3 and 4 are undone after each step (the chapter is executed again
by the next step's ``make book`` or, at the end, restored byte for byte).

``--in-copy`` runs all of it in a temporary copy of the working tree (reusing .venv),
so that the build folders of the tree itself are left alone, for example while someone
else works in it. Writes the "book" section of benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, save_section

CHAPTER = Path("book/05_sigmoid.ipynb")
MODULE = Path("src/activations/data.py")
STEPS = [
    ("clean_make_book", ["make", "clean"], ["make", "book"]),
    ("no_change_rebuild", None, ["make", "book"]),
    ("one_chapter_changed", "chapter", ["make", "book"]),
    ("src_changed", "src", ["make", "book"]),
    # -k: a failing check does not cut the timing short (its exit status is recorded)
    ("make_test", None, ["make", "-k", "test"]),
]


def change_chapter(cwd: Path) -> None:
    """Add a comment line to the first code cell of CHAPTER (a change of its code)."""
    import json

    path = cwd / CHAPTER
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    cell["source"] = ["# timing a rebuild\n", *cell["source"]]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def change_src(cwd: Path) -> None:
    with (cwd / MODULE).open("a", encoding="utf-8") as f:
        f.write("# timing a rebuild\n")


COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".venv-*", "_build", ".jupyter_cache", ".pytest_cache", ".hypothesis"
)


def make_copy(tmp: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the working tree in *tmp* that uses the tree's .venv."""
    venv = ROOT / ".venv"
    stamp = venv / ".installed"
    inputs = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt", ROOT / "pyproject.toml"]
    if not stamp.exists() or any(p.stat().st_mtime > stamp.stat().st_mtime for p in inputs):
        # make would reinstall the requirements, and `-e .` would then point the
        # shared environment at the temporary copy
        sys.exit("the environment is not up to date: run `make env` first")
    work = tmp / "book"
    shutil.copytree(ROOT, work, ignore=COPY_IGNORE, symlinks=True)  # keeps mtimes
    (work / ".venv").symlink_to(venv)
    env = dict(os.environ)
    # The copy's own package, ahead of the editable install that points at ROOT/src.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(work / "src"), env.get("PYTHONPATH")]))
    return work, env


def timed(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[float, int]:
    start = time.perf_counter()
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        code = subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    return time.perf_counter() - start, code.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-copy", action="store_true", help="work in a temporary copy")
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-book-"))
    log = tmp / "make.log"
    cwd, env = make_copy(tmp) if args.in_copy else (ROOT, dict(os.environ))
    results: dict[str, dict[str, float | int]] = {}
    failed = False
    originals = {p: (cwd / p).read_bytes() for p in (CHAPTER, MODULE)}
    try:
        for name, setup, command in STEPS:
            if setup == "chapter":
                change_chapter(cwd)
            elif setup == "src":
                (cwd / CHAPTER).write_bytes(originals[CHAPTER])
                change_src(cwd)
            elif setup:
                _, code = timed(setup, cwd, env, log)
                failed |= code != 0
            seconds, code = timed(command, cwd, env, log)
            failed |= code != 0
            if setup == "src":
                (cwd / MODULE).write_bytes(originals[MODULE])
            results[name] = {"seconds": round(seconds, 1), "exit_status": code}
            status = "" if code == 0 else f"  (exit status {code})"
            print(f"{name:<20} {seconds:7.1f} s{status}", flush=True)
    finally:
        for path, content in originals.items():
            (cwd / path).write_bytes(content)

    chapters = len(list((cwd / "book").glob("*.ipynb")))
    if failed:
        print(f"a step failed; the log is in {log}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    if not args.no_save:
        save_section(
            "book",
            {
                "chapters": chapters,
                "where": "temporary copy of the tree" if args.in_copy else "the tree itself",
                **results,
            },
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
