"""Install the book as a reader would, outside the repository, and run every chapter there.

``make test-reader`` runs this. It

1. builds the helper package as a wheel (``pip wheel``, no editable install);
2. creates a clean virtual environment in a temporary folder and installs the wheel with
   the reader's requirements (``requirements.txt`` without its ``-e .`` line) and
   nbclient, the part of Jupyter that runs a notebook;
3. copies ``book/`` into that folder, away from ``src/`` and the repository;
4. re-executes every chapter of the copy in that environment and compares every output
   with the committed one, text and figure bytes (``tools/verify_notebooks.py``, run by
   the clean environment's Python).

So it checks that the runtime requirements are enough, that the wheel carries everything
the chapters import, and (being a second execution after nbval's) that the outputs do
not depend on a previous run or on the editable install.

Usage::

    python tools/reader_install.py [--python python3] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str | Path, **kwargs) -> None:
    print("+", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default="python3", help="interpreter for the clean venv")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="reader-install-"))
    try:
        run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp / "dist", ROOT)
        (wheel,) = (tmp / "dist").glob("activations-*.whl")
        runtime = [
            line
            for line in (ROOT / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#") and not line.startswith("-e")
        ]
        (tmp / "requirements.txt").write_text("\n".join(runtime) + "\n")
        run(args.python, "-m", "venv", tmp / "venv")
        python = tmp / "venv" / "bin" / "python"
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(python, "-m", "pip", "install", "--quiet", "-r", tmp / "requirements.txt", wheel,
            "nbclient")  # fmt: skip
        shutil.copytree(
            ROOT / "book", tmp / "book", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
        # The package must come from the wheel, not from src/.
        check = "import activations, sys; print('activations from', activations.__file__)"
        out = subprocess.run([python, "-c", check], check=True, capture_output=True, text=True,
                             cwd=tmp).stdout  # fmt: skip
        print(out.strip().replace(str(tmp), "<tmp>"))
        if str(ROOT / "src") in out:
            print("the clean environment imports src/ instead of the wheel", file=sys.stderr)
            return 1
        notebooks = sorted((tmp / "book").glob("*.ipynb"))
        status = subprocess.run(
            [python, ROOT / "tools" / "verify_notebooks.py", *notebooks], cwd=tmp
        ).returncode
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"reader install and {len(notebooks)} chapters in {time.perf_counter() - start:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
