# jupyterlab-model-summary: build, test, benchmark and run.
#
#   make test    everything from a clean clone: oracle venv, build, lint, type checks, unit + golden
#                tests, the oracle's check against real Keras, the weight conversion against PyTorch and
#                onnxruntime, the kernel side (pytest: the IPython extension, nbconvert and papermill),
#                a CLI smoke test, the end-to-end tests
#   make lab     JupyterLab + Notebook 7 in a light venv of their own (.venv-lab: Keras on JAX's CPU
#                backend, no TensorFlow) with the extension installed, opening a scratch copy of
#                examples/demo.ipynb (.lab/demo.ipynb; `make lab-reset` starts it afresh)
#   make i18n    the translation template and catalogues (jupyterlab_model_summary/locale/)
#   make ui-test the end-to-end tests (ui-tests/, Galata + the system Chromium) against a real JupyterLab
#   make conversion-check  weight conversion vs. real Keras, PyTorch (Debian's python3-torch) and onnxruntime
#   make bench   benchmarks; writes bench/RESULTS.md, APPLICATIONS.md, VALIDATION.md, STARTUP.md, LIVE.md and HOSTILE.md (+ .json)
#   make fuzz    the long fuzz run (FUZZ_RUNS=200000)
#   make oracle-full  every keras.applications golden (88 cases) re-checked against real Keras
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
PYTEST_REQ := test/python/requirements.txt
PYTEST_STAMP := $(VENV)/.stamp-pytest
NPM_STAMP := node_modules/.stamp-npm-ci
UI_NPM_STAMP := ui-tests/node_modules/.stamp-npm-ci
CHROMIUM := /usr/bin/chromium
SYSTEM_PYTHON := /usr/bin/python3
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
VITEST := node_modules/.bin/vitest
FUZZ_RUNS ?= 200000

# jupyter refuses to start as root without this flag (CI and the dev machines run as root).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

export TF_CPP_MIN_LOG_LEVEL := 3
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: venv node_modules build lint test unit oracle-check oracle-full conversion-check torch kernel-test smoke lab lab-reset lab-extension ui-test i18n bench fuzz clean distclean

# --- Python: the oracle's venv (real Keras 3 + tf_keras) --------------------------------

$(VPY):
	$(PYTHON) -m venv $(VENV)

$(ORACLE_STAMP): $(ORACLE_REQ) | $(VPY)
	$(VPY) -m pip install -r $(ORACLE_REQ)
	touch $@

venv: $(ORACLE_STAMP)

# The kernel side's tests (test/python): pytest, and nbconvert/papermill to run notebooks with a real kernel.
$(PYTEST_STAMP): $(PYTEST_REQ) $(ORACLE_STAMP)
	$(VPY) -m pip install -r $(PYTEST_REQ)
	touch $@

# --- Node ------------------------------------------------------------------------------

$(NPM_STAMP): package-lock.json
	npm ci
	touch $@

node_modules: $(NPM_STAMP)

build: node_modules
	npm run build

# ESLint, Prettier and Stylelint as the extension template has them; the tests' and end-to-end
# tests' TypeScript type-checked too.
lint: node_modules $(UI_NPM_STAMP)
	npm run lint:check
	node_modules/.bin/tsc --noEmit -p test
	node_modules/.bin/tsc -p ui-tests

# --- Tests -----------------------------------------------------------------------------

test: venv build lint
	$(VITEST) run
	$(VPY) scripts/oracle/oracle.py --check
	$(VPY) scripts/oracle/applications.py --check
	$(MAKE) --no-print-directory conversion-check
	$(MAKE) --no-print-directory kernel-test
	bash scripts/smoke-cli.sh
	$(MAKE) --no-print-directory ui-test

unit: build
	$(VITEST) run

oracle-check: venv
	$(VPY) scripts/oracle/oracle.py --check
	$(VPY) scripts/oracle/applications.py --check

# keras.applications: the full grid (make test checks a representative one).
oracle-full: venv
	$(VPY) scripts/oracle/applications.py --check --full

# Weight conversion against real Keras, PyTorch and onnxruntime (scripts/conversion/check.py). PyTorch is
# Debian's python3-torch for the system python (PyPI's wheel pulls GBs of CUDA), installed when missing.
torch:
	$(SYSTEM_PYTHON) -c 'import torch' 2>/dev/null || ($(SUDO) apt-get update && $(SUDO) apt-get install -y python3-torch)

conversion-check: venv build torch
	TORCH_PYTHON=$(SYSTEM_PYTHON) $(VPY) scripts/conversion/check.py test/conversion/cases_keras3.py
	TORCH_PYTHON=$(SYSTEM_PYTHON) $(VPY) scripts/conversion/check.py test/conversion/cases_keras2.py

# The kernel side: the inspector's replies against real Keras, then pytest (exit code 5, no tests collected, is not a failure).
kernel-test: $(PYTEST_STAMP)
	$(VPY) scripts/oracle/live_replies.py --check
	$(VPY) -m pytest -q test/python || test $$? -eq 5

smoke: build
	bash scripts/smoke-cli.sh

fuzz: node_modules
	FUZZ_RUNS=$(FUZZ_RUNS) $(VITEST) run test/fuzz --testTimeout=0 --passWithNoTests

# --- Benchmarks ------------------------------------------------------------------------

# Engine vs. real Keras; keras.applications analysis time; TensorFlow.js validation per backend (Node and Chromium);
# start-up cost in JupyterLab (the applications chunk included); live models: execution finished → live summary
# shown, and the inspection's cost in the kernel; hostile input: the issue-10 audit of the built CLI, large inputs included.
bench: venv build lab-extension $(UI_NPM_STAMP)
	node bench/run.mjs
	node bench/applications.mjs
	node bench/validate.mjs
	node bench/startup.mjs
	node bench/live.mjs
	node bench/hostile.mjs

# --- JupyterLab ------------------------------------------------------------------------
# `make lab` never touches the repository's examples/ (the notebook it opens is a copy in .lab/,
# git-ignored), rebuilds the extension only when its sources changed, and installs it into
# .venv-lab with a plain `pip install .` (what a user does).

LAB_VENV := .venv-lab
LPY := $(LAB_VENV)/bin/python
LAB_REQ := scripts/lab/requirements.txt
LAB_VENV_STAMP := $(LAB_VENV)/.stamp-requirements
LAB_INSTALL_STAMP := $(LAB_VENV)/.stamp-extension
LAB_DIR := .lab
LAB_PORT ?= 8888
LABEXT_BUILD := jupyterlab_model_summary/labextension/package.json
LABEXT_SOURCES := $(shell git ls-files src style schema 2>/dev/null) package.json webpack.config.js tsconfig.json scripts/build-labextension.mjs install.json
LOCALE_FILES := $(shell git ls-files jupyterlab_model_summary 2>/dev/null)

$(LPY):
	$(PYTHON) -m venv $(LAB_VENV)

$(LAB_VENV_STAMP): $(LAB_REQ) | $(LPY)
	$(LPY) -m pip install -q -r $(LAB_REQ)
	touch $@

$(LABEXT_BUILD): $(LABEXT_SOURCES) | node_modules
	npm run build:prod
	touch $@

$(LAB_INSTALL_STAMP): $(LABEXT_BUILD) pyproject.toml $(LOCALE_FILES) $(LAB_VENV_STAMP)
	$(LPY) -m pip install -q --no-deps --force-reinstall .
	touch $@

lab: $(LAB_INSTALL_STAMP)
	mkdir -p $(LAB_DIR)
	test -f $(LAB_DIR)/demo.ipynb || cp examples/demo.ipynb $(LAB_DIR)/demo.ipynb
	@echo "make lab: opening http://localhost:$(LAB_PORT)/lab/tree/demo.ipynb (a copy in $(LAB_DIR)/; make lab-reset restores it)"
	KERAS_BACKEND=jax $(LAB_VENV)/bin/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir=$(LAB_DIR) --ServerApp.port=$(LAB_PORT) \
		--LabApp.default_url=/lab/tree/demo.ipynb --ServerApp.open_browser=False

lab-reset:
	rm -rf $(LAB_DIR)

# The oracle venv's JupyterLab with the extension linked in (for the end-to-end tests and benchmarks).
LAB_STAMP := $(VENV)/.stamp-lab-nb7
# The zh-CN language pack: ui-tests/tests/zh-cn.e2e.ts shows the panel in Simplified Chinese; Notebook 7:
# ui-tests/tests/notebook7.e2e.ts runs against a real `jupyter notebook` server.
$(LAB_STAMP): $(ORACLE_STAMP)
	$(VPY) -m pip install "jupyterlab>=4.2,<5" "notebook>=7.2,<8" ipykernel "jupyterlab-language-pack-zh-CN>=4.2"
	touch $@

# build:prod writes the prebuilt extension to jupyterlab_model_summary/labextension; pip then
# installs the Python package without rebuilding, and `labextension develop` links the build
# into the venv's share/jupyter/labextensions/jupyterlab-model-summary. The venv's bin goes first
# on PATH: JupyterLab 4.6 delegates `labextension develop` to a `jupyter-builder` it looks up there.
lab-extension: export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
lab-extension: $(LAB_STAMP) node_modules
	npm run build:prod
	SKIP_JUPYTER_BUILDER=1 $(VPY) -m pip install -q -e .
	jupyter labextension develop --overwrite .

# --- Translations ----------------------------------------------------------------------

# jupyterlab-translate extracts and merges the catalogues; polib is for scripting translations of a .po.
I18N_STAMP := $(VENV)/.stamp-i18n
$(I18N_STAMP): $(ORACLE_STAMP)
	$(VPY) -m pip install "jupyterlab-translate>=1.3,<2" polib
	touch $@

i18n: node_modules $(I18N_STAMP)
	bash scripts/i18n.sh update
	bash scripts/i18n.sh compile

# --- End-to-end tests (ui-tests/) --------------------------------------------------------
# Galata/Playwright drive the system Chromium ($(CHROMIUM), installed with apt when missing:
# Playwright's own browser downloads are not used) against `jupyter lab` from the venv, which
# ui-tests/playwright.config.ts starts on port 8917 with ui-tests/jupyter_server_test_config.py.

$(UI_NPM_STAMP): ui-tests/package-lock.json
	cd ui-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci
	touch $@

ui-test: lab-extension $(UI_NPM_STAMP)
	@test -x $(CHROMIUM) || { echo "ui-test: $(CHROMIUM) is missing; installing it with apt ($(if $(SUDO),sudo asks for your password,as root)). See README: Chromium for the end-to-end tests." >&2; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	node_modules/.bin/tsc -p ui-tests
	cd ui-tests && CI=1 CHROMIUM_PATH=$(CHROMIUM) npx playwright test

# --- Cleaning --------------------------------------------------------------------------

clean:
	rm -rf lib dist tsconfig.tsbuildinfo bench/.tmp coverage .eslintcache .stylelintcache \
		jupyterlab_model_summary/labextension jupyterlab_model_summary/_version.py \
		*.egg-info ui-tests/test-results ui-tests/playwright-report ui-tests/jupyter-server.log ui-tests/jupyter-notebook.log ui-tests/.server

distclean: clean
	rm -rf $(VENV) $(LAB_VENV) $(LAB_DIR) node_modules ui-tests/node_modules
