import { trans } from './i18n/current';

/** Shared vocabulary of the engine: shapes, locations, diagnostics, conventions. */

/** One dimension of a shape: an exact size, or `null` when unknown (the batch axis, a `None`). */
export type Dim = bigint | null;

/** A tensor shape, batch axis first, exactly as Keras prints it. */
export type Shape = Dim[];

/**
 * How recurrent biases are counted.
 * - `keras`: one bias per gate (Keras, tf.keras, TensorFlow.js).
 * - `cudnn`: an input and a recurrent bias per gate (cuDNN, PyTorch, ONNX).
 * - `declared`: what `model.summary()` prints for the code as written.
 */
export type Convention = 'keras' | 'cudnn' | 'declared';
export const CONVENTIONS: readonly Convention[] = ['keras', 'cudnn', 'declared'];

/** Keras major version whose defaults apply (GRU `reset_after`, auto-naming). */
export type KerasVersion = 2 | 3;

/** Where something was written: `cell` is the notebook cell index (null outside notebooks); line and column are 1-based. */
export interface ILocation {
  cell: number | null;
  line: number;
  column: number;
}

/** What a `model.summary()` call asks Keras to print beyond the default table. */
export interface ISummaryPrinting {
  /** `expand_nested=True`: the rows of nested models are listed under theirs. */
  expandNested: boolean;
  /** `show_trainable=True`: a "Trainable" column. */
  showTrainable: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

export interface IDiagnostic {
  severity: Severity;
  message: string;
  location: ILocation | null;
}

/** A problem found while analysing; thrown inside the engine, reported as a diagnostic. */
export class AnalysisError extends Error {
  readonly location: ILocation | null;

  constructor(message: string, location: ILocation | null = null) {
    // An expected problem in the user's source, not a bug: capturing a stack trace would only cost
    // time (it dominated loops of broken layers), so V8 is asked for none.
    const V8 = Error as { stackTraceLimit?: number };
    const limit = V8.stackTraceLimit;
    V8.stackTraceLimit = 0;
    super(message);
    V8.stackTraceLimit = limit;
    this.location = location;
  }
}

/** Valid code whose sizes only running it can tell (a vocabulary file, a pretrained preset): reported as info, not as an error. */
export class NeedsKernelError extends AnalysisError {}

/** Valid code with a value the reader cannot know statically (a flag, a GPU check): a warning, not an error. */
export class NotKnownError extends AnalysisError {}

/** The words that end such a reason; an argument whose unknown value says them is reported as info too. */
export const NEEDS_KERNEL = 'needs the running kernel';

/** Whether `why` says so, in English or in the language of the analysis (each translation of such a reason keeps these words' translation). */
export function needsKernel(why: string): boolean {
  return why.includes(NEEDS_KERNEL) || why.includes(trans.__('needs the running kernel'));
}
