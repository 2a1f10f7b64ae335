# Two commands do everything on a fresh machine:
#   make book   create .venv if missing, install the pinned requirements, execute
#               every chapter and build the website into _build/html
#   make test   lint, unit tests, nbval on every notebook, the book build with
#               warnings as errors, and the built site checked in headless Chromium
# Run `make help` for the rest.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
HOST ?= 127.0.0.1
PORT ?= 8000
JUPYTERLAB_VERSION := 4.6.6

# Keep notebook execution deterministic and quiet, whatever the user's setup.
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1
# The book's networks are tiny: one BLAS thread is 2-3x cheaper than several, and the
# printed results are identical.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.DEFAULT_GOAL := help
.PHONY: help env book test lint unit nbval build-strict browser site-report check-notebooks notebooks lab serve clean \
	verify-notebooks test-reader test-latest bench bench-book pdf

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

env: $(STAMP)  ## Create .venv and install requirements-dev.txt (done by book/test)

# The chapters are executed in place by tools/execute_notebooks.py, each only when its
# code, the package in src/ or the pinned requirements changed since its last execution
# (and the claims ledger when a chapter changed); Sphinx then renders the executed
# notebooks (execute_notebooks: off in _config.yml) and rebuilds only the pages whose
# files changed.
book: $(STAMP)  ## Execute the chapters that changed and build the website into _build/html
	$(BIN)/python tools/execute_notebooks.py
	$(BIN)/jupyter-book build . --keep-going
	@echo
	@echo "The book is in _build/html. Open _build/html/index.html in a browser,"
	@echo "or run 'make serve' and visit http://$(HOST):$(PORT)/"

test: lint unit nbval build-strict browser  ## Run the whole test suite (lint, unit, nbval, strict build, browser)
	@echo "make test: all checks passed"

lint: $(STAMP)  ## ruff (lint and format check) on src/, tests/, the notebooks, the scripts and _ext/
	$(BIN)/ruff check conftest.py src tests book benchmarks tools _ext
	$(BIN)/ruff format --check conftest.py src tests book benchmarks tools _ext

unit: $(STAMP)  ## Unit, property, doctest and notebook-hygiene tests
	$(BIN)/python -m pytest tests src/activations --doctest-modules -q -p no:cacheprovider \
		--ignore=tests/browser --ignore=tests/pdf -n 2

nbval: $(STAMP)  ## Re-run every notebook and compare with its committed outputs
	$(BIN)/python -m pytest -q -p no:cacheprovider --nbval --nbval-current-env \
		--nbval-sanitize-with book/nbval_sanitize.cfg -n 2 --dist loadfile book

# Renders the committed outputs, which nbval (run before it by `make test`) has just
# checked against the current code: each chapter is executed once per test run.
build-strict: $(STAMP)  ## Build the book from the committed outputs, warnings as errors
	$(BIN)/jupyter-book build . --all -W -n --keep-going

browser: $(STAMP)  ## Check the built site in headless Chromium (run after build-strict or book)
	$(BIN)/python -m pytest tests/browser -q -p no:cacheprovider

# The committed outputs (the ones nbval checks) printed by the browser tests' Chromium from
# the one-page HTML build; nothing is executed. The site links to the PDF and carries a
# copy of it when it exists (build the site after this).
pdf: $(STAMP)  ## The whole book as one PDF (_build/pdf/book.pdf), printed by Chromium, and its checks
	$(BIN)/python tools/build_pdf.py
	$(BIN)/python -m pytest tests/pdf -q -p no:cacheprovider

site-report: $(STAMP)  ## Print the built site's page count, size and page load times
	$(BIN)/python tests/browser/report.py

verify-notebooks: $(STAMP)  ## Re-execute every chapter in a temp copy; compare all text and figure hashes
	$(BIN)/python tools/verify_notebooks.py

test-reader: $(STAMP)  ## A reader's install: wheel + requirements.txt in a clean venv, every chapter re-run and compared
	$(BIN)/python tools/reader_install.py --python $(PYTHON)

# The unit tests and nbval again, in .venv-latest: requirements.txt with the newest
# releases of the scientific stack instead of its pins (upgraded on every run).
LATEST       := .venv-latest
LATEST_STAMP := $(LATEST)/.installed
UPGRADED_RE  := numpy|scipy|matplotlib|scikit-learn
UPGRADED     := $(subst |, ,$(UPGRADED_RE))

$(LATEST_STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	grep -hvE '^(-r |($(UPGRADED_RE))==)' requirements.txt requirements-dev.txt \
		> $(LATEST)/requirements.txt
	$(LATEST)/bin/python -m pip install --quiet -r $(LATEST)/requirements.txt $(UPGRADED)
	@touch $(LATEST_STAMP)

test-latest: $(LATEST_STAMP)  ## Unit tests and nbval with the newest numpy, scipy, matplotlib, scikit-learn
	$(LATEST)/bin/python -m pip install --quiet --upgrade $(UPGRADED)
	@$(LATEST)/bin/python -c "import numpy, scipy, matplotlib, sklearn; print('test-latest: numpy', \
		numpy.__version__, 'scipy', scipy.__version__, 'matplotlib', matplotlib.__version__, \
		'scikit-learn', sklearn.__version__)"
	$(LATEST)/bin/python -m pytest tests src/activations --doctest-modules -q -p no:cacheprovider \
		--ignore=tests/browser --ignore=tests/pdf -n 2
	$(LATEST)/bin/python -m pytest -q -p no:cacheprovider --nbval --nbval-current-env \
		--nbval-sanitize-with book/nbval_sanitize.cfg -n 2 --dist loadfile book

bench: $(STAMP)  ## Accuracy (ulp against mpmath), speed and training benchmarks -> benchmarks/results.json
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/network.py
	$(BIN)/python benchmarks/table.py

bench-book: $(STAMP)  ## Time a clean 'make book', a no-change rebuild and 'make test' (minutes)
	$(BIN)/python benchmarks/book.py

notebooks: $(STAMP)  ## Re-execute every chapter (or NOTEBOOKS=...) in place, strip metadata
	$(BIN)/python tools/execute_notebooks.py --all $(NOTEBOOKS)

lab: $(STAMP)  ## Open the chapters in JupyterLab, in the same environment
	@$(BIN)/python -c "import jupyterlab" 2>/dev/null || \
		$(BIN)/python -m pip install --quiet jupyterlab==$(JUPYTERLAB_VERSION)
	$(BIN)/jupyter lab --ip=$(HOST) $(if $(filter 0,$(shell id -u)),--allow-root) book/

serve:  ## Serve the built website on http://127.0.0.1:8000 (run 'make book' first)
	@test -f _build/html/index.html || { echo "No _build/html yet: run 'make book' first"; exit 1; }
	$(PYTHON) -m http.server --bind $(HOST) --directory _build/html $(PORT)

clean:  ## Remove the built website and caches (keeps .venv)
	rm -rf _build .pytest_cache .ruff_cache .hypothesis .jupyter_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
