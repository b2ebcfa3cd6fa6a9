"""The notebooks the nbconvert and papermill tests run: %load_ext, magic cells, the models used later."""

import nbformat


def magic_notebook(parameters=False):
    cells = []
    if parameters:
        cell = nbformat.v4.new_code_cell("units = 300")
        cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    else:
        cells.append(nbformat.v4.new_code_cell("units = 300"))
    cells += [
        nbformat.v4.new_code_cell("%load_ext jupyterlab_model_summary\nimport sys\nprint('tensorflow' in sys.modules)"),
        nbformat.v4.new_code_cell(
            "%%model_summary\nimport keras\nfrom keras import layers\n"
            "model = keras.Sequential([keras.Input(shape=(None,), dtype='int32'), layers.Embedding(640, units),\n"
            "                          layers.Bidirectional(layers.LSTM(units, return_sequences=True))])"),
        nbformat.v4.new_code_cell("print(model.count_params())"),
        nbformat.v4.new_code_cell(
            "%%model_summary --convention keras\nimport tf_keras\n"
            "legacy = tf_keras.Sequential([tf_keras.Input((5, 8)), tf_keras.layers.GRU(16, reset_after=False)])"),
        nbformat.v4.new_code_cell("print(legacy.count_params())"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb
