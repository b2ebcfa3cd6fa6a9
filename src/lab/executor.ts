/**
 * Runs `%%model_summary` cells in the browser by wrapping JupyterLab's cell executor: the kernel never
 * receives a magic cell (it works with any kernel, or none), every other cell goes to the default
 * `runCell` untouched. This plugin loads at start-up, so it imports nothing heavy.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { ICodeCellModel } from '@jupyterlab/cells';
import type * as nbformat from '@jupyterlab/nbformat';
import { INotebookCellExecutor, runCell } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { loadEngine, loadMagic, loadValidation } from './engine';
import { isMagicCell } from './magic-syntax';
import { codeCells } from './notebook';
import { SettingsModel, validationOptions } from './settings';

async function runMagicCell(options: INotebookCellExecutor.IRunCellOptions, settings: SettingsModel): Promise<boolean> {
  const { cell, notebook, onCellExecuted, onCellExecutionScheduled } = options;
  onCellExecutionScheduled({ cell });
  const model = cell.model as ICodeCellModel;
  // Clearing inside a transaction, adding outside it: inside one, the output would show twice.
  model.sharedModel.transact(() => model.clearExecution(), false);
  let index = -1;
  for (let i = 0; i < notebook.cells.length; i++) {
    if (notebook.cells.get(i) === model) index = i;
  }
  const { value } = settings;
  const { runMagic, attachValidation } = await loadMagic();
  const cells = codeCells(notebook, index);
  // Not fetched: the reader then says the builders are not loaded, and the rest is still summarized.
  const engine = await loadEngine();
  if (engine.usesApplications(cells.map(c => c.source))) await engine.loadApplications().catch(() => undefined);
  const run = runMagic(cells, { convention: value.defaultConvention, kerasVersion: value.kerasVersion, validate: value.autoValidate, backend: value.validationBackend });
  if (run.options?.validate && run.report?.models.length) {
    const { validateReport } = await loadValidation();
    const backend = run.options.backend === 'auto' ? value.validationBackend : run.options.backend;
    attachValidation(run, await validateReport(run.report, backend, validationOptions(value)));
  }
  // A disagreement with TensorFlow.js is shown in the output; only problems in the cell fail it.
  const { outputs, success } = run;
  for (const output of outputs) model.outputs.add(output as nbformat.IOutput);
  // No kernel ran this cell: it gets no execution count.
  model.executionCount = null;
  model.trusted = true;
  onCellExecuted({ cell, success });
  return success;
}

export const executorPlugin: JupyterFrontEndPlugin<INotebookCellExecutor> = {
  id: 'jupyterlab-model-summary:cell-executor',
  description: 'Runs %%model_summary cells in the browser and every other cell with JupyterLab\'s executor.',
  autoStart: true,
  provides: INotebookCellExecutor,
  optional: [ISettingRegistry],
  activate: (_app: JupyterFrontEnd, registry: ISettingRegistry | null): INotebookCellExecutor => {
    const settings = new SettingsModel();
    void settings.connect(registry);
    return {
      runCell: options =>
        settings.value.magicEnabled && options.cell.model.type === 'code' && isMagicCell(options.cell.model.sharedModel.getSource())
          ? runMagicCell(options, settings)
          : runCell(options)
    };
  }
};
