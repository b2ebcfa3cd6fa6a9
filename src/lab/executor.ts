/**
 * Runs `%%model_summary` cells by wrapping JupyterLab's cell executor: the static summary is made in
 * the browser at once; with a kernel, the cell's code without the magic line then runs there as an
 * ordinary execution (kernel-run.ts), so the kernel never receives the magic line and never handles
 * the cell a second time (the kernel-side magic is for clients without this extension). With no
 * kernel, or `--no-run`, the cell is summarized only. Every other cell goes to the default `runCell`
 * untouched. This plugin loads at start-up, so it imports nothing heavy.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { CodeCell, ICodeCellModel } from '@jupyterlab/cells';
import type * as nbformat from '@jupyterlab/nbformat';
import { INotebookCellExecutor, KernelError, runCell } from '@jupyterlab/notebook';
import { loadMagic, loadValidation, runMagicOffThread } from './engine';
import { isMagicCell, MIME_TYPE } from './magic-syntax';
import { codeCells } from './notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { DOMAIN, type IStrings } from '../core/i18n/strings';
import { useLanguage } from './language';
import { IModelSummarySettings, type SettingsModel, validationOptions } from './settings';

async function runMagicCell(options: INotebookCellExecutor.IRunCellOptions, settings: SettingsModel, trans: IStrings): Promise<boolean> {
  const { cell, notebook, onCellExecuted, onCellExecutionScheduled, sessionContext } = options;
  const NO_KERNEL = trans.__('No kernel: this cell was summarized, not run.');
  onCellExecutionScheduled({ cell });
  const model = cell.model as ICodeCellModel;
  // Clearing inside a transaction, adding outside it: inside one, the output would show twice.
  model.sharedModel.transact(() => model.clearExecution(), false);
  let index = -1;
  for (let i = 0; i < notebook.cells.length; i++) {
    if (notebook.cells.get(i) === model) index = i;
  }
  const { value } = settings;
  const { attachValidation, attachNote, attachLive } = await loadMagic();
  // In the engine's worker, with a time limit (src/lab/engine.ts). Its outputs are in English; the
  // saved output's DOM view (the MIME renderer) is drawn in the user's language.
  const defaults = {
    convention: value.defaultConvention,
    kerasVersion: value.kerasVersion,
    validate: value.autoValidate,
    backend: value.validationBackend
  };
  const run = await runMagicOffThread(codeCells(notebook, index), defaults, {
    limitMs: value.analysisTimeLimitSeconds * 1000,
    maxInputBytes: value.maxInputMB * 1024 * 1024
  });
  if (run.options?.validate && run.report?.models.length) {
    const { validateReport } = await loadValidation();
    const backend = run.options.backend === 'auto' ? value.validationBackend : run.options.backend;
    attachValidation(run, await validateReport(run.report, backend, validationOptions(value)), trans);
  }
  const source = model.sharedModel.getSource();
  const kernelRuns =
    !!run.options && !run.options.noRun && !!sessionContext?.session?.kernel && !!source.replace(/^\s*%%model_summary[^\n]*/, '').trim();
  if (!kernelRuns) {
    if (run.options && !run.options.noRun) attachNote(run, NO_KERNEL);
    // A disagreement with TensorFlow.js is shown in the output; only problems in the cell fail it.
    for (const output of run.outputs) model.outputs.add(output as nbformat.IOutput);
    // No kernel ran this cell: it gets no execution count.
    model.executionCount = null;
    model.trusted = true;
    onCellExecuted({ cell, success: run.success });
    return run.success;
  }
  // The kernel runs the code without the magic line, as any other cell; the static summary comes first.
  const { executeInKernel, kernelCode, liveCrossCheck } = await import('./kernel-run');
  const code = kernelCode(source);
  const codeCell = cell as CodeCell;
  let reply;
  try {
    reply = await executeInKernel(codeCell, sessionContext!, code, run.outputs as nbformat.IOutput[], {
      deletedCells: notebook.deletedCells,
      recordTiming: options.notebookConfig.recordTiming
    });
  } catch (reason) {
    if (cell.isDisposed) return false;
    onCellExecuted({ cell, success: false, error: reason as KernelError });
    throw reason;
  }
  notebook.deletedCells.splice(0, notebook.deletedCells.length);
  if (!reply || cell.isDisposed) return false;
  if (reply.content.status !== 'ok') {
    const error = new KernelError(reply.content);
    onCellExecuted({ cell, success: false, error });
    throw error;
  }
  if (value.liveReading && run.report) {
    try {
      const live = await liveCrossCheck(sessionContext!, code, run.report);
      if (live) {
        attachLive(run, live);
        replaceSummary(model, run.outputs[0] as nbformat.IOutput);
      }
    } catch (reason) {
      console.warn('jupyterlab-model-summary: the live cross-check failed', reason);
    }
  }
  onCellExecuted({ cell, success: true });
  return true;
}

/** Replaces the summary output (found by its MIME type: the user's code may have added outputs around it). */
function replaceSummary(model: ICodeCellModel, output: nbformat.IOutput): void {
  for (let i = 0; i < model.outputs.length; i++) {
    if (model.outputs.get(i).data[MIME_TYPE] !== undefined) {
      model.outputs.set(i, output);
      return;
    }
  }
}

export const executorPlugin: JupyterFrontEndPlugin<INotebookCellExecutor> = {
  id: 'jupyterlab-model-summary:cell-executor',
  description: "Runs %%model_summary cells in the browser and every other cell with JupyterLab's executor.",
  autoStart: true,
  provides: INotebookCellExecutor,
  requires: [IModelSummarySettings],
  optional: [ITranslator],
  activate: (_app: JupyterFrontEnd, settings: SettingsModel, translator: ITranslator | null): INotebookCellExecutor => {
    const trans = (translator ?? nullTranslator).load(DOMAIN);
    useLanguage(translator, trans);
    return {
      runCell: options =>
        settings.value.magicEnabled && options.cell.model.type === 'code' && isMagicCell(options.cell.model.sharedModel.getSource())
          ? runMagicCell(options, settings, trans)
          : runCell(options)
    };
  }
};
