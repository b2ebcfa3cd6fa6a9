# jupyterlab-model-summary: build, test, benchmark and run.
#
#   make test    everything from a clean clone: oracle venv, build, unit + golden tests,
#                the oracle's check against real Keras, a CLI smoke test
#   make lab     JupyterLab with the extension installed, opening examples/demo.ipynb
#   make bench   benchmarks; writes bench/results.json and bench/RESULTS.md
#   make fuzz    the long fuzz run (FUZZ_RUNS=200000)
#   make clean   build outputs (keeps .venv and node_modules; `make distclean` removes those too)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
ORACLE_REQ := scripts/oracle/requirements.txt
ORACLE_STAMP := $(VENV)/.stamp-oracle
LAB_STAMP := $(VENV)/.stamp-lab
NPM_STAMP := node_modules/.stamp-npm-ci
VITEST := node_modules/.bin/vitest
FUZZ_RUNS ?= 200000

# jupyter refuses to start as root without this flag (CI and the dev machines run as root).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

export TF_CPP_MIN_LOG_LEVEL := 3
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: venv node_modules build test unit oracle-check smoke lab bench fuzz clean distclean

# --- Python: the oracle's venv (real Keras 3 + tf_keras) --------------------------------

$(VPY):
	$(PYTHON) -m venv $(VENV)

$(ORACLE_STAMP): $(ORACLE_REQ) | $(VPY)
	$(VPY) -m pip install -r $(ORACLE_REQ)
	touch $@

venv: $(ORACLE_STAMP)

# --- Node ------------------------------------------------------------------------------

$(NPM_STAMP): package-lock.json
	npm ci
	touch $@

node_modules: $(NPM_STAMP)

build: node_modules
	npm run build

# --- Tests -----------------------------------------------------------------------------

test: venv build
	$(VITEST) run
	$(VPY) scripts/oracle/oracle.py --check
	bash scripts/smoke-cli.sh

unit: build
	$(VITEST) run

oracle-check: venv
	$(VPY) scripts/oracle/oracle.py --check

smoke: build
	bash scripts/smoke-cli.sh

fuzz: node_modules
	FUZZ_RUNS=$(FUZZ_RUNS) $(VITEST) run test/fuzz --testTimeout=0 --passWithNoTests

# --- Benchmarks ------------------------------------------------------------------------

bench: venv build
	node bench/run.mjs

# --- JupyterLab ------------------------------------------------------------------------

$(LAB_STAMP): $(ORACLE_STAMP)
	$(VPY) -m pip install "jupyterlab>=4.2,<5" ipykernel
	touch $@

# build:prod writes the prebuilt extension to jupyterlab_model_summary/labextension; pip then
# installs the Python package without rebuilding, and `labextension develop` links the build
# into the venv's share/jupyter/labextensions/jupyterlab-model-summary. The venv's bin goes first
# on PATH: JupyterLab 4.6 delegates `labextension develop` to a `jupyter-builder` it looks up there.
lab: export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
lab: $(LAB_STAMP) build
	npm run build:prod
	SKIP_JUPYTER_BUILDER=1 $(VPY) -m pip install -e .
	jupyter labextension develop --overwrite .
	jupyter lab $(ALLOW_ROOT) examples/demo.ipynb

# --- Cleaning --------------------------------------------------------------------------

clean:
	rm -rf lib dist tsconfig.tsbuildinfo bench/.tmp coverage \
		jupyterlab_model_summary/labextension jupyterlab_model_summary/_version.py \
		*.egg-info ui-tests/test-results ui-tests/playwright-report

distclean: clean
	rm -rf $(VENV) node_modules
