"""Jupyter server configuration for the Galata end-to-end tests.

Started by playwright.config.ts (webServer) as
    ../.venv/bin/jupyter lab --config jupyter_server_test_config.py
and, for the Notebook 7 tests, on a second port as
    ../.venv/bin/jupyter notebook --config jupyter_server_test_config.py

Never use this configuration outside tests: galata's configure_jupyter_server removes the token,
the password and the XSRF check.
"""

import json
import os
import shutil
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config object jupyter injects)

# A fixed port the tests know (playwright.config.ts reads the same variable); not 8888, so that a
# `make lab` running at the same time does not collide with the tests.
c.ServerApp.port = int(os.environ.get("UI_TESTS_PORT", "8917"))  # noqa: F821
# CI and the dev machines run as root.
c.ServerApp.allow_root = True  # noqa: F821

# Serve a snapshot of the extension's build, taken when the server starts (that is, right after
# `make ui-test` built it), ahead of the copy that `jupyter labextension develop` links into the venv:
# a rebuild during the run (chunk hashes change, the old chunks are deleted) would otherwise make
# the lazily loaded engine chunk 404 in the middle of a test. The first folder of the labextensions
# path that holds an extension wins, both for the extension list and for its static files.
# Both the snapshot and the settings below live in ui-tests/.server/<port>/ (git-ignored), replaced at
# each start.
HERE = Path(__file__).resolve().parent
# One folder per server (JupyterLab and Notebook 7 start together, on their own ports).
SERVER_DIR = HERE / ".server" / str(c.ServerApp.port)  # noqa: F821
shutil.rmtree(SERVER_DIR, ignore_errors=True)
BUILD = HERE.parent / "jupyterlab_model_summary" / "labextension"
if (BUILD / "package.json").is_file():
    snapshot = SERVER_DIR / "labextensions"
    shutil.copytree(BUILD, snapshot / "jupyterlab-model-summary")
    galata_extensions = c.LabServerApp.extra_labextensions_path  # noqa: F821
    if isinstance(galata_extensions, str):
        galata_extensions = [galata_extensions]
    c.LabServerApp.extra_labextensions_path = [str(snapshot), *galata_extensions]  # noqa: F821

# Each run serves a fresh temporary folder (configure_jupyter_server already picks one, or
# $JUPYTERLAB_GALATA_ROOT_DIR); the tests upload what they need into their own tmpPath in it.

# Settings for a browser driven by a test: no "rename on first save" dialog (it blocks saving
# Untitled.ipynb), no news fetched from the network. Written as user settings in
# ui-tests/.server/<port>/settings so that the venv's JupyterLab (used by `make lab`) is left alone. playwright.config.ts
# passes the same values through galata's mockSettings, which takes precedence in the browser.
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "renameUntitledFileOnSave": False
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}
settings_dir = SERVER_DIR / "settings"
for relative, values in USER_SETTINGS.items():
    target = settings_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(values, indent=2), encoding="utf-8")
c.LabApp.user_settings_dir = str(settings_dir)  # noqa: F821
# Notebook 7 (`jupyter notebook`, ui-tests/tests/notebook7.e2e.ts) is configured as its own application.
c.JupyterNotebookApp.user_settings_dir = str(settings_dir)  # noqa: F821
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821

# Translations: JupyterLab finds an extension's catalogues through the `jupyterlab.locale` entry point
# of its installed Python package. The tests run this checkout's extension without installing it, so
# the server is told where this checkout's catalogues are (jupyterlab_model_summary/locale/).
from jupyterlab_server import translation_utils  # noqa: E402

_installed_package_locales = translation_utils._get_installed_package_locales


def _with_this_checkout():
    data, message = _installed_package_locales()
    data["jupyterlab_model_summary"] = str(HERE.parent / "jupyterlab_model_summary")
    return data, message


translation_utils._get_installed_package_locales = _with_this_checkout
