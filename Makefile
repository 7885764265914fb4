# hisab: `make demo` then `make test` on a fresh machine. Everything installs into .venv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
BSTAMP := $(VENV)/.installed-bench

.PHONY: demo test bench lint venv clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml .ci/sysdeps.sh | $(PY)
	bash .ci/sysdeps.sh
	$(PIP) install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(PIP) install --quiet -e ".[test]"
	touch $@

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/hisab demo

test: $(TSTAMP)
	$(PY) -m pytest -q

# nomenklatura (logic-v2, the screening benchmark's anchor) pins duckdb<2: installed without its
# dependencies, for the benchmark only, beside the duckdb 2 that hisab uses.
$(BSTAMP): $(TSTAMP)
	$(PIP) install --quiet --no-deps nomenklatura==4.17.4 fingerprints==1.3.1 shortuuid==1.0.13 scikit-learn==1.9.1 \
		joblib==1.6.0 threadpoolctl==3.8.0 narwhals==2.29.0
	touch $@

bench: $(BSTAMP)
	$(PY) benchmarks/run.py $(BENCH)

lint: $(TSTAMP)
	$(VENV)/bin/ruff check src tests benchmarks tools

clean:
	rm -rf $(VENV) hisab.db vault demo .pytest_cache .ruff_cache
