"""From the inspector's description of live models to the summary report the frontend renders.

The report has the schema of the CLI's JSON (``report`` of the magic payload: models with
``variable``, ``layers``, ``totals.keras`` / ``totals.cudnn`` / ``totals.declared``...). Counts come
from the live weights; the cuDNN layout of recurrent layers is derived from each layer's configuration
by the same rules as the engine's (``src/core/catalogue/rnn.ts``, ``src/core/readers/live.ts``):
cuDNN keeps an input and a recurrent bias per gate, ``2 × gates × units`` in all.
"""

import html
import math

CONVENTIONS = ("keras", "cudnn", "declared")
MAX_SAFE = 2**53 - 1
DTYPE_BYTES = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "int8": 1, "uint8": 1, "int16": 2, "uint16": 2,
               "int32": 4, "uint32": 4, "int64": 8, "uint64": 8, "bool": 1, "complex64": 8, "complex128": 16}


def json_count(n):
    if n is None:
        return None
    return n if -MAX_SAFE <= n <= MAX_SAFE else str(n)


def _size(shape):
    return None if shape is None or any(d is None for d in shape) else math.prod(shape)


def _fmt(n):
    return "?" if n is None else f"{n:,}"


def layouts(row):
    """``(keras, cudnn, declared, dual_bias)``: the row's weights under each layout, from its live weights."""
    live = [dict(w) for w in row["weights"]]
    keras, cudnn = [dict(w) for w in live], [dict(w) for w in live]
    declared = "keras"
    differing = []
    for r in row.get("recurrent", []):
        index, units = r.get("bias"), r.get("units")
        if index is None or units is None or index >= len(live):
            continue
        dual = 2 * r["gates"] * units
        if r["class"].startswith("CuDNN"):
            # Keras 2's CuDNNLSTM / CuDNNGRU declare the cuDNN layout; Keras's is LSTM / GRU(reset_after=True).
            declared = "cudnn"
            keras[index]["shape"] = [4 * units] if r["class"] == "CuDNNLSTM" else [2, 3 * units]
            kept = _size(keras[index]["shape"])
        else:
            kept = _size(live[index]["shape"])
            cudnn[index]["shape"] = [dual]
        if kept != dual:
            differing.append(r)
    dual_bias = None
    if differing:
        first = differing[0]
        dual_bias = {"directions": len(differing), "gates": first["gates"], "units": first["units"],
                     "unitName": first["unitName"], "noKernel": first["class"].startswith("ConvLSTM")}
    return keras, cudnn, declared, dual_bias


def dual_bias_note(d):
    """The Δ reason, word for word as the engine's ``dualBiasNote``."""
    delta = d["directions"] * d["gates"] * d["units"]
    parts = ([f"{d['directions']} directions"] if d["directions"] > 1 else []) + [
        f"{d['gates']} gate{'s' if d['gates'] > 1 else ''}", f"{d['units']:,} {'units' if d['unitName'] == 'units' else 'filters'}"]
    base = f"cuDNN keeps input and recurrent biases: +{' × '.join(parts)} = {delta:,}"
    return f"{base} (cuDNN has no ConvLSTM kernel: this is the dual-bias layout by analogy)" if d["noKernel"] else base


def _count(weights, layer_trainable):
    total = trainable = 0
    for w in weights:
        n = _size(w["shape"])
        if n is None:
            return None, None
        total += n
        if w["trainable"] and layer_trainable:
            trainable += n
    return total, trainable


def _sum(rows, key, convention):
    values = [r[key][convention] for r in rows]
    return None if any(v is None for v in values) else sum(values)


def summarize_row(row):
    """A row in the engine's LayerRow terms (exact ints), with ``rows`` for nested models."""
    out = {"name": row["name"], "className": row["class"], "outputShape": row.get("outputShape"), "trainable": row["trainable"],
           "calls": row.get("calls", 1), "note": None, "problem": None, "weights": None, "bytesPerParam": 4}
    if "layers" in row:
        rows = [summarize_row(r) for r in row["layers"]]
        out["rows"] = rows
        out["params"] = {c: _sum(rows, "params", c) for c in CONVENTIONS}
        out["trainableParams"] = {c: _sum(rows, "trainableParams", c) for c in CONVENTIONS}
        notes = [r["note"] for r in rows if r["note"]]
        if notes:
            out["note"] = f"nested: {notes[0] if len(notes) == 1 else f'{len(notes)} recurrent layers differ'}"
        if any(r["params"]["keras"] is None for r in rows):
            out["problem"] = "some nested layers are unknown"
        return out
    if row.get("built") is False and not row["weights"]:
        out["params"] = {c: None for c in CONVENTIONS}
        out["trainableParams"] = {c: None for c in CONVENTIONS}
        out["problem"] = "the layer is not built in the kernel (no input shape yet)"
        return out
    keras, cudnn, declared, dual = layouts(row)
    per = {"keras": keras, "cudnn": cudnn, "declared": keras if declared == "keras" else cudnn}
    out["params"], out["trainableParams"] = {}, {}
    for c in CONVENTIONS:
        out["params"][c], out["trainableParams"][c] = _count(per[c], row["trainable"])
    out["weights"] = {"keras": keras, "cudnn": cudnn, "declared": declared}
    if row["weights"]:
        out["bytesPerParam"] = DTYPE_BYTES.get(row["weights"][0].get("dtype"), 4)
    if dual and out["params"]["keras"] != out["params"]["cudnn"]:
        out["note"] = dual_bias_note(dual)
    if any(_size(w["shape"]) is None for w in row["weights"]):
        out["problem"] = "a weight has an unknown shape"
    return out


def _totals(rows):
    out = {}
    for c in CONVENTIONS:
        acc = {"total": 0, "trainable": 0, "unknownLayers": 0, "bytes": 0}

        def visit(r):
            if "rows" in r:
                for child in r["rows"]:
                    visit(child)
                return
            n, t = r["params"][c], r["trainableParams"][c]
            if n is None or t is None:
                acc["unknownLayers"] += 1
                return
            acc["total"] += n
            acc["trainable"] += t
            acc["bytes"] += n * r["bytesPerParam"]

        for r in rows:
            visit(r)
        acc["nonTrainable"] = acc["total"] - acc["trainable"]
        out[c] = acc
    return out


def _json_weight(w, row_trainable):
    return {"name": str(w["name"]).split("/")[-1], "shape": [json_count(d) for d in w["shape"] or []], "trainable": bool(w["trainable"] and row_trainable)}


def json_row(r):
    out = {
        "name": r["name"], "class": r["className"], "outputShape": r["outputShape"],
        "params": {c: json_count(r["params"][c]) for c in CONVENTIONS},
        "trainableParams": {c: json_count(r["trainableParams"][c]) for c in CONVENTIONS},
        "trainable": r["trainable"],
        "weights": None if r["weights"] is None else {
            "keras": [_json_weight(w, r["trainable"]) for w in r["weights"]["keras"]],
            "cudnn": [_json_weight(w, r["trainable"]) for w in r["weights"]["cudnn"]],
            "declared": r["weights"]["declared"]},
        "location": None, "note": r["note"], "calls": r["calls"],
    }
    if r["problem"]:
        out["problem"] = r["problem"]
    if "rows" in r:
        out["layers"] = [json_row(x) for x in r["rows"]]
    return out


def optimizer_counts(optimizer, totals):
    """Keras 3's built optimizer (the inspector's ``optimizer``): its variables and their bytes per convention,
    as the engine's ``readers/live.ts`` counts them, and why a count is unknown. The live variables are those
    of the weights the model holds (the declared layout); another layout has the same slot variables per
    weight (the non-scalar variables over the trainable weights they were built on) for its own weights, known
    when it was built on the trainable weights the model has now."""
    variables = optimizer.get("variables")
    if variables is None:
        return {c: (None, None) for c in CONVENTIONS}, "a variable of the optimizer has an unknown shape"
    params = sum(v["elements"] for v in variables)
    size = sum(v["elements"] * DTYPE_BYTES.get(v["dtype"], 4) for v in variables)
    slot_params = sum(v["elements"] for v in variables if not v["scalar"])
    slot_bytes = sum(v["elements"] * DTYPE_BYTES.get(v["dtype"], 4) for v in variables if not v["scalar"])
    ref = totals["declared"]
    built_on = optimizer.get("builtOn")
    slots = None
    if slot_params == 0:
        slots = 0
    elif (ref["unknownLayers"] == 0 and built_on == ref["trainable"] and built_on > 0 and slot_params % built_on == 0
          and slot_bytes % slot_params == 0):
        # Built on the weights it has now (nothing frozen since): so many slot variables per weight.
        slots = slot_params // built_on
    out = {}
    for c in CONVENTIONS:
        extra = totals[c]["trainable"] - ref["trainable"]
        if extra == 0 and totals[c]["unknownLayers"] == ref["unknownLayers"]:
            out[c] = (params, size)
        elif slots is None or totals[c]["unknownLayers"]:
            out[c] = (None, None)
        else:
            out[c] = (params + slots * extra, size + slots * extra * (slot_bytes // slot_params if slot_params else 0))
    why = None if all(p is not None for p, _ in out.values()) else "the trainable weights it was built on are not all known"
    return out, why


def summarize_model(model):
    """One live model (the inspector's description) as a JSON report model, plus its exact totals."""
    rows = [summarize_row(r) for r in model["layers"]]
    totals = _totals(rows)
    out = {
        "name": model["name"], "variable": model["variable"], "class": model["class"], "location": None,
        "built": model["built"], "layers": [json_row(r) for r in rows],
        "totals": {c: {"total": json_count(t["total"]), "trainable": json_count(t["trainable"]),
                       "nonTrainable": json_count(t["nonTrainable"]), "unknownLayers": t["unknownLayers"],
                       "bytes": json_count(t["bytes"])} for c, t in totals.items()},
    }
    if isinstance(model.get("optimizer"), dict):
        # Keras 3 prints the built optimizer's variables as "Optimizer params", counted in "Total params".
        counts, why = optimizer_counts(model["optimizer"], totals)
        for c, (params, size) in counts.items():
            t = out["totals"][c]
            t["optimizer"], t["optimizerBytes"] = json_count(params), json_count(size)
            if params is not None:
                t["total"] = json_count(totals[c]["total"] + params)
                t["bytes"] = json_count(totals[c]["bytes"] + size)
        out["optimizer"] = {"class": str(model["optimizer"].get("class")), "why": why}
    return out


def live_label(reply):
    """"live (Keras 3.15.1, tensorflow)", from the libraries the kernel loaded."""
    libs = reply.get("libraries") or []
    if not libs:
        return "live (no Keras loaded)"
    names = ", ".join(f"{'Keras' if l['name'] == 'keras' else 'tf_keras'} {l['version']}{', ' + l['backend'] if l.get('backend') else ''}" for l in libs)
    return f"live ({names})"


def report_of(reply, variables=None):
    """The JSON report of the reply's models (those bound to ``variables`` when given)."""
    models = [m for m in reply["models"] if variables is None or m["variable"] in variables]
    diagnostics = []
    for m in models:
        if m.get("error"):
            diagnostics.append({"severity": "warning", "message": f"{m['variable']}: could not read the live model: {m['error']}",
                                "cell": None, "line": None, "column": None})
    if reply.get("truncated"):
        diagnostics.append({"severity": "warning", "message": f"live summary cut short: {reply['truncated']}", "cell": None, "line": None, "column": None})
    version = 2 if models and models[0].get("library") == "tf_keras" else 3
    return {"kerasVersion": version, "models": [summarize_model(m) for m in models], "diagnostics": diagnostics}


# --- fallbacks: text/plain and text/html, both conventions and Δ -------------------------------------------


def _shape_text(shape):
    if shape is None:
        return "?"
    if shape and isinstance(shape[0], list):
        return "[" + ", ".join(_shape_text(s) for s in shape) + "]"
    dims = ["None" if d is None else str(d) for d in shape]
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"


def _flat_rows(layers, depth=0):
    for layer in layers:
        yield layer, depth
        yield from _flat_rows(layer.get("layers") or [], depth + 1)


def _delta(layer):
    k, c = layer["params"]["keras"], layer["params"]["cudnn"]
    return None if k is None or c is None else int(c) - int(k)


def _delta_text(d):
    return "?" if d is None else "" if d == 0 else f"+{d:,}"


def _count_text(n):
    return "?" if n is None else f"{int(n):,}"


def text_plain(report, label):
    lines = []
    for m in report["models"]:
        lines.append(f'Model: "{m["name"]}" ({m["class"]}) {m["variable"]}, {label}')
        table = [("Layer (type)", "Output shape", "Params (Keras)", "Params (cuDNN)", "Δ")]
        notes = {}
        for layer, depth in _flat_rows(m["layers"]):
            table.append(("  " * depth + f'{layer["name"]} ({layer["class"]})', _shape_text(layer["outputShape"]),
                          _count_text(layer["params"]["keras"]), _count_text(layer["params"]["cudnn"]), _delta_text(_delta(layer))))
            if layer["note"]:
                notes[len(table) - 1] = layer["note"]
        widths = [max(len(r[i]) for r in table) for i in range(5)]
        for i, r in enumerate(table):
            lines.append(" ".join(r[j].ljust(widths[j]) if j < 2 else r[j].rjust(widths[j]) for j in range(5)).rstrip())
            if i in notes:
                lines.append(f"    Δ {notes[i]}")
        for key, title in _total_lines(m):
            k, c = m["totals"]["keras"], m["totals"]["cudnn"]
            unknown = f" (+ {k['unknownLayers']} unknown layers)" if key == "total" and k["unknownLayers"] else ""
            lines.append(f"{title}: {_count_text(k[key])} (Keras) · {_count_text(c[key])} (cuDNN){unknown}")
        lines.append("")
    if not report["models"]:
        lines.append(f"No Keras model defined by this cell ({label}).")
    for d in report["diagnostics"]:
        lines.append(f"{d['severity']}: {d['message']}")
    return "\n".join(lines) + "\n"


def _total_lines(m):
    """The totals Keras prints, with Keras 3's "Optimizer params" once a training step built the optimizer."""
    lines = [("total", "Total params"), ("trainable", "Trainable params"), ("nonTrainable", "Non-trainable params")]
    return lines + [("optimizer", "Optimizer params")] if "optimizer" in m["totals"]["keras"] else lines


RIGHT = ' align="right"'


def text_html(report, label):
    e = html.escape
    parts = []
    for m in report["models"]:
        head = "".join(f"<th>{h}</th>" for h in ("Layer (type)", "Output shape", "Params (Keras)", "Params (cuDNN)", "Δ"))
        rows = []
        for layer, depth in _flat_rows(m["layers"]):
            cells = [("&nbsp;&nbsp;" * depth) + e(f'{layer["name"]} ({layer["class"]})'), e(_shape_text(layer["outputShape"])),
                     _count_text(layer["params"]["keras"]), _count_text(layer["params"]["cudnn"]), _delta_text(_delta(layer))]
            rows.append("<tr>" + "".join(f"<td{RIGHT if i >= 2 else ''}>{c}</td>" for i, c in enumerate(cells)) + "</tr>")
            if layer["note"]:
                rows.append(f'<tr><td colspan="5"><small>Δ {e(layer["note"])}</small></td></tr>')
        totals = " · ".join(f"{title} {_count_text(m['totals']['keras'][k])} (Keras) / {_count_text(m['totals']['cudnn'][k])} (cuDNN)"
                            for k, title in _total_lines(m))
        parts.append(f"<h4>{e(m['name'])} ({e(m['class'])}) <code>{e(str(m['variable']))}</code> <small>{e(label)}</small></h4>"
                     f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table><p>{totals}</p>")
    if not report["models"]:
        parts.append(f"<p>No Keras model defined by this cell ({e(label)}).</p>")
    if report["diagnostics"]:
        parts.append("<ul>" + "".join(f"<li><b>{e(d['severity'])}</b> {e(d['message'])}</li>" for d in report["diagnostics"]) + "</ul>")
    return f'<div class="jp-ModelSummary-html">{"".join(parts)}</div>'
