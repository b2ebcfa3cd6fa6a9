"""jupyterlab-model-summary: Keras model summaries in JupyterLab, read from the source.

The extension is prebuilt: this package only ships the built frontend (installed under
share/jupyter/labextensions/jupyterlab-model-summary) and tells JupyterLab where it is.
"""

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("jupyterlab-model-summary")
except PackageNotFoundError:  # running from a source tree that was never installed
    try:
        from ._version import __version__
    except ImportError:
        __version__ = "0.0.0+unknown"


def _jupyter_labextension_paths():
    """Where the built extension lives, for `jupyter labextension develop`."""
    return [{"src": "labextension", "dest": "jupyterlab-model-summary"}]
