"""Wall time of building and testing the book: ``make bench-book`` (takes minutes).

Measures, one after the other, in the existing environment (.venv):

1. a clean ``make book``: after ``make clean`` (no _build, no caches), every chapter
   executed and the site built;
2. a no-change rebuild: ``make book`` again at once (the book is configured with
   ``execute_notebooks: force``, so this too executes every chapter);
3. ``make test``: lint, unit tests, nbval, the strict build and the browser checks
   (run with ``make -k``, so that one failing check does not cut the timing short).

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

STEPS = [
    ("clean_make_book", ["make", "clean"], ["make", "book"]),
    ("no_change_rebuild", None, ["make", "book"]),
    # -k: a failing check does not cut the timing short (its exit status is recorded)
    ("make_test", None, ["make", "-k", "test"]),
]
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".venv-*", "_build", ".jupyter_cache", ".pytest_cache", ".hypothesis"
)


def make_copy(tmp: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the working tree in *tmp* that uses the tree's .venv."""
    venv = ROOT / ".venv"
    stamp = venv / ".installed"
    inputs = [ROOT / "requirements.txt", ROOT / "pyproject.toml"]
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
    for name, setup, command in STEPS:
        if setup:
            _, code = timed(setup, cwd, env, log)
            failed |= code != 0
        seconds, code = timed(command, cwd, env, log)
        failed |= code != 0
        results[name] = {"seconds": round(seconds, 1), "exit_status": code}
        status = "" if code == 0 else f"  (exit status {code})"
        print(f"{name:<18} {seconds:7.1f} s{status}", flush=True)

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
