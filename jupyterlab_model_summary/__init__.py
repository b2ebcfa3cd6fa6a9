"""jupyterlab-model-summary: Keras model summaries in JupyterLab, read from the source.

The frontend is prebuilt: this package ships it (installed under
share/jupyter/labextensions/jupyterlab-model-summary) and tells JupyterLab where it is. It is also
an IPython extension: ``%load_ext jupyterlab_model_summary`` registers ``%%model_summary`` in the
kernel (magic.py), for clients without the frontend. Importing it imports no Keras or TensorFlow.
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


def load_ipython_extension(ipython):
    """``%load_ext jupyterlab_model_summary``: the ``%%model_summary`` cell magic in this kernel."""
    from .magic import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython):
    from .magic import unload_ipython_extension as unload

    unload(ipython)
