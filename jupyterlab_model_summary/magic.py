"""``%%model_summary`` inside the kernel, for every Jupyter client (nbconvert, papermill, VS Code, Colab...).

``%load_ext jupyterlab_model_summary`` registers the magic. A magic cell runs as an ordinary cell:
an input transformer removes the magic line, so the code is the cell itself (execution count,
``Out[n]``, errors and their status, interrupt); after it ran, a ``post_run_cell`` handler displays
the summary of the models the cell bound to names, read from the live objects, as one
``display_data`` with the frontend's MIME type and payload schema plus ``text/plain`` and
``text/html``. JupyterLab's extension sends magic cells without their magic line, so the kernel never
sees one from it: the two never handle the same cell. Nothing here imports Keras or TensorFlow.
"""

import importlib.util
import re
import shlex

from . import inspector, summary

MIME_TYPE = "application/vnd.jupyter.model-summary+json"
MAGIC_LINE = re.compile(r"^\s*%%model_summary(\s.*)?$")
USAGE = "%%model_summary [--convention keras|cudnn|both] [--keras-version 2|3] [--validate [--backend ...]] [--no-run]"


def parse_options(line):
    """The magic line's options, or a usage message (str). The kernel ignores what only the browser does."""
    options = {"convention": "both", "run": True}
    try:
        words = shlex.split(line)
    except ValueError as error:
        return f"%%model_summary: {error}. Usage: {USAGE}"
    i = 0
    while i < len(words):
        written = words[i]
        flag, _, inline = written.partition("=")
        takes_value = flag in ("--convention", "--keras-version", "--backend")
        value = inline if inline else (words[i + 1] if takes_value and i + 1 < len(words) else None)
        if takes_value and not inline:
            i += 1
        i += 1
        if flag == "--no-run" and not inline:
            options["run"] = False
        elif flag == "--validate" and not inline:
            continue  # TensorFlow.js runs in the browser only
        elif flag == "--convention" and value in ("keras", "cudnn", "both"):
            options["convention"] = value
        elif flag == "--keras-version" and value in ("2", "3"):
            continue  # the live model knows its own version
        elif flag == "--backend" and value in ("auto", "webgpu", "webgl", "wasm", "cpu"):
            continue
        else:
            return f"%%model_summary: unknown or incomplete option `{written}`. Usage: {USAGE}"
    return options


def magic_line(cell):
    """The options text of a magic cell's first non-blank line, or None when the cell is no magic cell."""
    for line in cell.splitlines():
        if line.strip():
            match = MAGIC_LINE.match(line)
            return None if match is None else (match.group(1) or "").strip()
    return None


def payload(reply, variables, options):
    """The display bundle: the frontend's payload plus text/plain and text/html with both conventions and Δ."""
    report = summary.report_of(reply, variables)
    label = summary.live_label(reply)
    if not reply.get("libraries"):
        report["diagnostics"].append({"severity": "warning", "message": "Keras is not loaded in this kernel (neither keras nor tf_keras "
                                      "was imported by the code run so far): no live model to summarize.",
                                      "cell": None, "line": None, "column": None})
    data = {
        "version": 1,
        "options": {"convention": options["convention"], "kerasVersion": report["kerasVersion"], "validate": False, "backend": "auto"},
        "cell": -1,
        "report": report,
        "live": {"source": "kernel", "label": label, "libraries": reply.get("libraries", []), "ms": reply.get("ms")},
    }
    return {MIME_TYPE: data, "text/plain": summary.text_plain(report, label), "text/html": summary.text_html(report, label)}


class ModelSummaryMagic:
    """The state of the extension in one shell: the pending magic cell, and the names before it ran."""

    def __init__(self, shell):
        self.shell = shell
        self.pending = None

    # A cleanup transformer: the magic line goes, the code stays the cell. Pure (no state), so IPython
    # may call it as often as it likes; cells it cannot take (usage errors, --no-run) reach the magic.
    def strip_magic_line(self, lines):
        text = "".join(lines)
        line = magic_line(text)
        if line is None:
            return lines
        options = parse_options(line)
        if isinstance(options, str) or not options["run"]:
            return lines
        first = next(i for i, l in enumerate(lines) if l.strip())
        return lines[:first] + ["\n"] + lines[first + 1:]

    def pre_run_cell(self, info):
        line = magic_line(getattr(info, "raw_cell", "") or "")
        options = None if line is None else parse_options(line)
        if isinstance(options, dict) and options["run"]:
            self.pending = (options, self.snapshot())
        else:
            self.pending = None

    def post_run_cell(self, result):
        pending, self.pending = self.pending, None
        if pending is None or getattr(result, "error_before_exec", None) is not None:
            return
        options, before = pending
        self.show(options, self.changed(before))

    def snapshot(self):
        return {name: id(value) for name, value in self.shell.user_ns.items()}

    def changed(self, before):
        return {name for name, value in self.shell.user_ns.items() if before.get(name) != id(value)}

    def show(self, options, variables):
        from IPython.display import display

        reply = inspector.reply(self.shell.user_ns)
        display(payload(reply, variables, options), raw=True)

    def cell_magic(self, line, cell):
        """The magic called directly (``run_cell_magic``), with a usage error, or with ``--no-run``."""
        from IPython.core.error import UsageError

        options = parse_options(line)
        if isinstance(options, str):
            raise UsageError(options)
        if not options["run"]:
            print("%%model_summary --no-run: the cell was not run. In the kernel the summary comes from live models only; "
                  "JupyterLab and the model-summary CLI summarize the code without running it.")
            return
        before = self.snapshot()
        self.shell.run_cell(cell, store_history=False)
        self.show(options, self.changed(before))


_state = {}


def load_ipython_extension(ipython):
    if ipython in _state:
        return
    magic = ModelSummaryMagic(ipython)
    _state[ipython] = magic
    ipython.register_magic_function(magic.cell_magic, magic_kind="cell", magic_name="model_summary")
    ipython.input_transformers_cleanup.append(magic.strip_magic_line)
    ipython.events.register("pre_run_cell", magic.pre_run_cell)
    ipython.events.register("post_run_cell", magic.post_run_cell)
    if importlib.util.find_spec("keras") is None and importlib.util.find_spec("tf_keras") is None:
        print("jupyterlab_model_summary: neither keras nor tf_keras is installed in this kernel; "
              "%%model_summary cells will run but find no Keras model.")


def unload_ipython_extension(ipython):
    magic = _state.pop(ipython, None)
    if magic is None:
        return
    ipython.input_transformers_cleanup.remove(magic.strip_magic_line)
    ipython.events.unregister("pre_run_cell", magic.pre_run_cell)
    ipython.events.unregister("post_run_cell", magic.post_run_cell)
    ipython.magics_manager.magics["cell"].pop("model_summary", None)
