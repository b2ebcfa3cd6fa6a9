/**
 * Runs `%%model_summary` cells in the browser by wrapping JupyterLab's cell executor: the kernel never
 * receives a magic cell (it works with any kernel, or none), every other cell goes to the default
 * `runCell` untouched. This plugin loads at start-up, so it imports nothing heavy.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { ICodeCellModel } from '@jupyterlab/cells';
import type * as nbformat from '@jupyterlab/nbformat';
import { INotebookCellExecutor, runCell } from '@jupyterlab/notebook';
import { loadMagic, loadValidation } from './engine';
import { isMagicCell } from './magic-syntax';
import { codeCells } from './notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { DOMAIN, type Strings } from '../core/i18n/strings';
import { IModelSummarySettings, type SettingsModel, validationOptions } from './settings';

async function runMagicCell(options: INotebookCellExecutor.IRunCellOptions, settings: SettingsModel, trans: Strings): Promise<boolean> {
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
  const run = runMagic(codeCells(notebook, index), { convention: value.defaultConvention, kerasVersion: value.kerasVersion, validate: value.autoValidate, backend: value.validationBackend }, trans);
  if (run.options?.validate && run.report?.models.length) {
    const { validateReport } = await loadValidation();
    const backend = run.options.backend === 'auto' ? value.validationBackend : run.options.backend;
    attachValidation(run, await validateReport(run.report, backend, validationOptions(value)), trans);
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
  requires: [IModelSummarySettings],
  optional: [ITranslator],
  activate: (_app: JupyterFrontEnd, settings: SettingsModel, translator: ITranslator | null): INotebookCellExecutor => {
    const trans = (translator ?? nullTranslator).load(DOMAIN);
    return {
      runCell: options =>
        settings.value.magicEnabled && options.cell.model.type === 'code' && isMagicCell(options.cell.model.sharedModel.getSource())
          ? runMagicCell(options, settings, trans)
          : runCell(options)
    };
  }
};
