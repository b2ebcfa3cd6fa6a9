/**
 * Runs a `%%model_summary` cell's code (without the magic line) in the kernel as an ordinary
 * execution: the same steps as JupyterLab's `CodeCell.execute` (execution count, streams, rich
 * outputs, errors, interrupt, the busy prompt), with the static summary placed first in the outputs.
 * Then the live cross-check: the kernel's models of this cell compared with the static summary.
 */
import type { CodeCell } from '@jupyterlab/cells';
import type { ISessionContext } from '@jupyterlab/apputils';
import type * as nbformat from '@jupyterlab/nbformat';
import type { KernelMessage } from '@jupyterlab/services';
import type { AnalysisReport } from '../core/index';
import { loadEngine } from './engine';
import { staticallyKnown } from './live-merge';
import { candidateNames, inspectKernel, kerasLoaded, kernelKind } from './kernel-inspect';
import type { ISavedLive } from './magic-syntax';

/** The cell's code for the kernel: the magic line becomes an empty line, so tracebacks keep their line numbers. */
export function kernelCode(source: string): string {
  const lines = source.split('\n');
  const first = lines.findIndex(l => l.trim() !== '');
  if (first >= 0) lines[first] = '';
  return lines.join('\n');
}

/** Names the cell binds at module level (`name = …`, `a, b = …`, `for name in`, `def name`, `with … as name`), as data. */
export function assignedNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/^([A-Za-z_][\w, ()[\]]*?)\s*(?::[^=\n]*)?=(?!=)/gm)) for (const n of m[1].match(/[A-Za-z_]\w*/g) ?? []) names.add(n);
  for (const m of code.matchAll(/^(?:for|def|class)\s+([A-Za-z_]\w*)|\bas\s+([A-Za-z_]\w*)/gm)) names.add(m[1] ?? m[2]);
  return names;
}

/**
 * Executes `code` for `cell`; `first` are outputs shown before the kernel's own. Resolves with the
 * execute reply (undefined when the execution was cancelled, e.g. by a kernel restart).
 */
export async function executeInKernel(
  cell: CodeCell,
  sessionContext: ISessionContext,
  code: string,
  first: nbformat.IOutput[],
  extraMetadata: Record<string, unknown>
): Promise<KernelMessage.IExecuteReplyMsg | undefined> {
  const model = cell.model;
  const kernel = sessionContext.session?.kernel;
  if (!kernel) throw new Error('Session has no kernel.');
  model.sharedModel.transact(
    () => {
      model.clearExecution();
      cell.outputHidden = false;
    },
    false,
    'silent-change'
  );
  model.executionState = 'running';
  model.trusted = true;
  const metadata = { ...model.metadata, ...extraMetadata, cellId: model.sharedModel.getId() };
  const tags = model.getMetadata('tags');
  const stopOnError = !(Array.isArray(tags) && tags.includes('raises-exception'));
  const future = kernel.requestExecute({ code, stop_on_error: stopOnError }, false, metadata);
  // As OutputArea.execute: the output area follows this execution (it clears, then shows what comes).
  cell.outputArea.future = future;
  for (const output of first) model.outputs.add(output);
  try {
    const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
    model.executionCount = reply.content.execution_count;
    return reply;
  } catch (reason) {
    if (!cell.isDisposed && cell.outputArea.future === future) model.executionState = 'idle';
    if ((reason as Error).message?.startsWith('Canceled')) return undefined;
    throw reason;
  }
}

/** The live cross-check of the models the magic cell defines, or null when the kernel has none to give. */
export async function liveCrossCheck(sessionContext: ISessionContext, code: string, report: AnalysisReport): Promise<ISavedLive | null> {
  const kernel = sessionContext.session?.kernel;
  if (!kernel || (await kernelKind(kernel)) !== 'python' || !(await kerasLoaded(kernel))) return null;
  const bound = assignedNames(code);
  for (const m of report.models) if (m.variable) bound.add(m.variable);
  const engine = await loadEngine();
  const live = engine.readLiveReply(await inspectKernel(kernel, candidateNames([code])));
  const json = engine.toJson(report);
  const out: ISavedLive = { label: live.label, checks: [], models: [] };
  for (const model of live.models) {
    if (!model.variable || !bound.has(model.variable)) continue;
    const index = json.models.findIndex(m => m.variable === model.variable);
    if (index >= 0 && staticallyKnown(json.models[index])) {
      const shapes = new Map(report.models[index].rows.map(r => [r.name, r.outputShapes]));
      out.checks.push(engine.compareWithLive(json.models[index], shapes, model, live.label));
    } else {
      out.models.push(engine.jsonModel(model));
    }
  }
  return out;
}
