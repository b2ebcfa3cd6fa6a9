/**
 * Asks a kernel for its Keras models and simple values. What is sent is fixed code shipped with the
 * extension (kernel-script.ts, generated from jupyterlab_model_summary/inspector.py), silently (no
 * execution count, not in history, no input broadcast); names travel only as JSON data matching
 * `^[A-Za-z_]\w*$`. A kernel that is not Python gets nothing; one without Keras loaded gets one cheap
 * check (a `user_expressions` test of `sys.modules`). See docs/SECURITY.md.
 */
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { INSPECTOR_SOURCE } from './kernel-script';
import { trans } from '../core/i18n/current';

export const LIVE_MIME = 'application/vnd.jupyter.model-summary.live+json';
const NAME = /^[A-Za-z_]\w*$/;
const MAX_NAMES = 2000;
/** Past this, the panel stops waiting (the inspector bounds itself to 2 s of work). */
const TIMEOUT_MS = 10_000;

const KERAS_LOADED = "bool({'keras', 'tf_keras'} & set(__import__('sys').modules))";

/** The code of one inspection: define the helper once (one private name), then publish a reply for these names. */
export function inspectionCode(names: readonly string[]): string {
  const request = JSON.stringify({ names: names.filter(n => NAME.test(n)).slice(0, MAX_NAMES) });
  // JSON string literals are Python string literals: the source and the request go as data.
  return [
    "if type(globals().get('_jupyterlab_model_summary')) is not dict or _jupyterlab_model_summary.get('VERSION') != 1:",
    "    _jupyterlab_model_summary = {'__name__': '_jupyterlab_model_summary'}",
    `    exec(compile(${JSON.stringify(INSPECTOR_SOURCE)}, '<jupyterlab-model-summary>', 'exec'), _jupyterlab_model_summary)`,
    `_jupyterlab_model_summary['publish'](globals(), ${JSON.stringify(request)})`
  ].join('\n');
}

/** Identifiers in the notebook's code, as data: the names whose kernel values may complete a static summary. */
export function candidateNames(sources: readonly string[]): string[] {
  const names = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/[A-Za-z_]\w*/g)) {
      if (names.size >= MAX_NAMES) return [...names];
      names.add(m[0]);
    }
  }
  return [...names];
}

function silent(kernel: Kernel.IKernelConnection, code: string, userExpressions: Record<string, string> = {}) {
  return kernel.requestExecute(
    { code, silent: true, store_history: false, allow_stdin: false, stop_on_error: false, user_expressions: userExpressions },
    true
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(trans.__('%1 took over %2 s', what, ms / 1000))), ms)))
  ]).finally(() => clearTimeout(timer));
}

export type KernelKind = 'python' | 'other';

/** The kernel's language, from its info reply (cached by the caller per kernel). */
export async function kernelKind(kernel: Kernel.IKernelConnection): Promise<KernelKind> {
  const info = await withTimeout(kernel.info, TIMEOUT_MS, trans.__('the kernel info'));
  return info.language_info?.name === 'python' ? 'python' : 'other';
}

/** The one cheap check: has the user's code loaded keras or tf_keras? Imports nothing. */
export async function kerasLoaded(kernel: Kernel.IKernelConnection): Promise<boolean> {
  const reply = (await withTimeout(
    silent(kernel, '', { keras: KERAS_LOADED }).done,
    TIMEOUT_MS,
    trans.__('the Keras check')
  )) as KernelMessage.IExecuteReplyMsg;
  const content = reply.content as KernelMessage.IExecuteReply & {
    user_expressions?: Record<string, { status: string; data?: Record<string, unknown> }>;
  };
  const result = content.user_expressions?.keras;
  return result?.status === 'ok' && result.data?.['text/plain'] === 'True';
}

/** Runs the inspection and returns the kernel's reply (unparsed JSON data), or throws with the reason. */
export async function inspectKernel(kernel: Kernel.IKernelConnection, names: readonly string[]): Promise<unknown> {
  const future = silent(kernel, inspectionCode(names));
  let reply: unknown = null;
  let error: string | null = null;
  future.onIOPub = msg => {
    if (msg.header.msg_type === 'display_data') {
      const data = (msg as KernelMessage.IDisplayDataMsg).content.data;
      if (data[LIVE_MIME] !== undefined) reply = data[LIVE_MIME];
    } else if (msg.header.msg_type === 'error') {
      const content = (msg as KernelMessage.IErrorMsg).content;
      error = `${content.ename}: ${content.evalue}`;
    }
  };
  await withTimeout(future.done, TIMEOUT_MS, trans.__('the live inspection'));
  if (error) throw new Error(trans.__('the kernel could not inspect its models (%1)', error));
  if (reply === null) throw new Error(trans.__('the kernel sent no live summary'));
  return reply;
}
