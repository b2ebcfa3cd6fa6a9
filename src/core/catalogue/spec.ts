/**
 * What a catalogue entry is: a Keras layer's constructor signature (as data) and two small functions,
 * one for its weights and one for its output shape. Counts are never written here: they are derived
 * from the declared weights.
 */
import { AnalysisError, needsKernel, NeedsKernelError, NotKnownError, type KerasVersion, type ILocation, type Shape } from '../types';
import { describe, sequenceItems, typeName, type Value } from '../config/value';
import type { ILayerWeights } from '../keras/weights';
import { parseDefault } from './defaults';
import type { IDefaultContext } from '../keras/version';
import { trans } from '../i18n/current';

/** One constructor parameter: its name and its default (per Keras version where it changed). */
export interface IParamDef {
  name: string;
  /** undefined = required. */
  defaultValue?: Value | ((context: IDefaultContext) => Value);
}

/** How a layer takes its inputs when called. */
export type CallStyle = 'single' | 'list' | 'attention' | 'rnn';

/** A bound argument: its value, and where the source gives it (null for a default). */
export interface IBoundArg {
  value: Value;
  location: ILocation | null;
}

/**
 * The defaults of a signature, for the arguments a call leaves out: `constants` shared by every call
 * (built once per signature), `computed` the few that depend on the Keras release (per call).
 */
export interface IBoundDefaults {
  params: readonly IParamDef[];
  constants: ReadonlyMap<string, IBoundArg>;
  computed: ReadonlyMap<string, IBoundArg> | null;
}

/** Where an Args' notes go: the session's report. */
export interface INoteSink {
  report(severity: 'info', message: string, location: ILocation | null): void;
}

const NO_DEFAULTS: IBoundDefaults = { params: [], constants: new Map(), computed: null };

/** The arguments of one layer construction, after binding to the signature. */
export class Args {
  constructor(
    readonly className: string,
    /** The arguments the call gives, in the call's order. */
    private readonly given: ReadonlyMap<string, IBoundArg>,
    readonly kerasVersion: KerasVersion,
    /** Where a note goes (an argument Keras accepts only because Python says so, like units=True). */
    private readonly notes: INoteSink | null = null,
    /** The signature's defaults for what the call leaves out, looked up when asked for (a layer reads few of them). */
    private readonly defaults: IBoundDefaults = NO_DEFAULTS,
    /** Where the construction is: a note on an argument without a location of its own goes there. */
    private readonly location: ILocation | null = null
  ) {}

  /** Arguments already noted (created on the first note: most layers have none). */
  private noted: Set<string> | null = null;

  private entry(name: string): IBoundArg | undefined {
    return this.given.get(name) ?? this.defaults.computed?.get(name) ?? this.defaults.constants.get(name);
  }

  /** Every bound argument: those the call gives, then the defaults in signature order. */
  entries(): Array<[string, Value]> {
    const out: Array<[string, Value]> = [...this.given].map(([k, v]) => [k, v.value]);
    for (const p of this.defaults.params) {
      if (this.given.has(p.name)) continue;
      const d = this.defaults.computed?.get(p.name) ?? this.defaults.constants.get(p.name);
      if (d) out.push([p.name, d.value]);
    }
    return out;
  }

  has(name: string): boolean {
    const e = this.entry(name);
    return e !== undefined && e.value.kind !== 'none';
  }

  raw(name: string): Value {
    return this.entry(name)?.value ?? { kind: 'none' };
  }

  locationOf(name: string): ILocation | null {
    return this.entry(name)?.location ?? null;
  }

  fail(name: string, expected: string): never {
    const v = this.raw(name);
    if (v.kind === 'unknown') {
      // Not a mistake in the code: a value only running it tells (a flag, a GPU check), or only the kernel
      // knows (an adapted vocabulary_size()).
      const Problem = needsKernel(v.why) ? NeedsKernelError : NotKnownError;
      throw new Problem(trans.__('%1: %2 is not known statically (%3)', this.className, name, v.why), this.locationOf(name));
    }
    throw new AnalysisError(
      trans.__('%1: %2 must be %3, got %4%5', this.className, name, expected, describe(v), ` (${typeName(v)})`),
      this.locationOf(name)
    );
  }

  /** Python ints only: Keras rejects 3.0 where it wants a size; True and False are the ints 1 and 0 in Python, and Keras takes them. */
  private asInt(v: Value, name: string): bigint | null {
    if (v.kind === 'bool') {
      this.noted ??= new Set();
      if (!this.noted.has(name)) {
        this.noted.add(name);
        this.notes?.report(
          'info',
          trans.__(
            '%1: %2=%3 is the integer %4 in Python, and Keras takes it as such',
            this.className,
            name,
            v.value ? 'True' : 'False',
            v.value ? 1 : 0
          ),
          this.locationOf(name) ?? this.location
        );
      }
      return v.value ? 1n : 0n;
    }
    return v.kind === 'int' ? v.value : null;
  }

  int(name: string): bigint {
    const n = this.asInt(this.raw(name), name);
    if (n === null) this.fail(name, trans.__('an integer'));
    return n;
  }

  positiveInt(name: string): bigint {
    const n = this.asInt(this.raw(name), name);
    if (n === null || n <= 0n) this.fail(name, trans.__('a positive integer'));
    return n;
  }

  optionalInt(name: string): bigint | null {
    return this.has(name) ? this.int(name) : null;
  }

  number(name: string): number {
    const v = this.raw(name);
    if (v.kind === 'int') return Number(v.value);
    if (v.kind === 'float') return v.value;
    this.fail(name, trans.__('a number'));
  }

  bool(name: string): boolean {
    const v = this.raw(name);
    if (v.kind === 'bool') return v.value;
    if (v.kind === 'int') return v.value !== 0n;
    this.fail(name, trans.__('True or False'));
  }

  /** A string; with `allowed`, one of them in any case (Keras lowercases it), or in that case exactly with `exactCase`. */
  str(name: string, allowed?: readonly string[], exactCase = false): string {
    const v = this.raw(name);
    if (v.kind !== 'str') this.fail(name, allowed ? trans.__('one of %1', allowed.map(a => `'${a}'`).join(', ')) : trans.__('a string'));
    const s = allowed && !exactCase ? v.value.toLowerCase() : v.value;
    if (allowed && !allowed.includes(s)) this.fail(name, trans.__('one of %1', allowed.map(a => `'${a}'`).join(', ')));
    return s;
  }

  optionalStr(name: string, allowed?: readonly string[]): string | null {
    return this.has(name) ? this.str(name, allowed) : null;
  }

  /** An int or a tuple of `rank` ints (kernel_size=3 → [3, 3] for 2-D). */
  intTuple(name: string, rank: number, { positive = true, allowZero = false } = {}): bigint[] {
    const v = this.raw(name);
    const items = sequenceItems(v);
    let out: bigint[];
    if (v.kind === 'int') out = Array(rank).fill(v.value);
    else if (items && items.length === rank && items.every(i => i.kind === 'int')) {
      out = items.map(i => (i as { value: bigint }).value);
    } else this.fail(name, rank === 1 ? trans.__('an integer') : trans.__('an integer or a tuple of %1 integers', rank));
    if (positive && out.some(d => (allowZero ? d < 0n : d <= 0n))) {
      this.fail(name, allowZero ? trans.__('made of non-negative integers') : trans.__('made of positive integers'));
    }
    return out;
  }

  /** A list of ints (or one int), e.g. `axis=[1, 2]`. */
  intList(name: string): number[] {
    const v = this.raw(name);
    if (v.kind === 'int') return [Number(v.value)];
    const items = sequenceItems(v);
    if (items && items.every(i => i.kind === 'int')) return items.map(i => Number((i as { value: bigint }).value));
    this.fail(name, trans.__('an integer or a list of integers'));
  }
}

/** What a layer spec sees when it is built on its input shapes. */
export interface IBuildContext {
  args: Args;
  /** Input shapes, one per input tensor; a shape is never null here. */
  inputs: Shape[];
  /** How many tensors the layer was called on, also when their shapes are unknown (and `inputs` is empty). */
  arity: number;
  kerasVersion: KerasVersion;
  /** Call keyword arguments that change the output (return_attention_scores, …). */
  callArgs: Map<string, Value>;
  /** For wrappers: build an inner layer given as an argument. */
  buildInner(argName: string, inputs: Shape[]): { weights: ILayerWeights | null; outputs: Shape[]; multi: boolean };
}

export interface ILayerOutputs {
  outputs: Shape[];
  /** True when the layer returns a list (return_state, merge_mode=None, …) even if it has one element. */
  multi: boolean;
}

export interface ILayerSpec {
  /** The Keras class name, as `type(layer).__name__` prints it. */
  name: string;
  aliases?: readonly string[];
  params: readonly IParamDef[];
  /** Keras 2's signature where its positional order differs (`LeakyReLU(alpha)`); `params` otherwise. */
  keras2Params?: readonly IParamDef[];
  callStyle?: CallStyle;
  /** The layer's weights under each convention. Omitted: no weights. */
  weights?(ctx: IBuildContext): ILayerWeights;
  outputs(ctx: IBuildContext): ILayerOutputs;
  /** Arguments that hold another layer (Bidirectional, TimeDistributed). */
  innerLayerArgs?: readonly string[];
  /** Auto-named sublayers the layer creates when it is built (they use up names: `softmax`, `dropout`). */
  hiddenSublayers?(version: KerasVersion, ctx: IBuildContext): string[];
  /** Auto-named sublayers its constructor creates (RandAugment's augmentations): they use up names when it is written. */
  constructedSublayers?(args: Args): string[];
  /** The library whose namespace holds the class, when not Keras itself (`keras_hub.layers.TransformerEncoder`). */
  library?: 'keras_hub';
  /** Methods whose result the constructor arguments decide (`StringLookup(vocabulary=[…]).vocabulary_size()`). */
  methods?: Readonly<Record<string, (args: Args) => Value>>;
  /**
   * The call's tensor arguments, by name, in order (positional or keyword): `TransformerDecoder(decoder_sequence,
   * encoder_sequence)`. The present ones are the layer's inputs. Omitted: the first argument holds them.
   */
  callInputs?: readonly string[];
}

/** `params('units', 'activation=None', 'use_bias=True')`: a signature written the way Python prints it. */
export function params(...defs: Array<string | IParamDef>): IParamDef[] {
  return defs.map(d => {
    if (typeof d !== 'string') return d;
    const eq = d.indexOf('=');
    if (eq < 0) return { name: d };
    return { name: d.slice(0, eq), defaultValue: parseDefault(d.slice(eq + 1)) };
  });
}

export function single(shape: Shape): ILayerOutputs {
  return { outputs: [shape], multi: false };
}

export function input0(ctx: IBuildContext, minRank?: number, exactRank?: number): Shape {
  const s = ctx.inputs[0];
  if (!s) throw new AnalysisError(trans.__('%1 needs an input', ctx.args.className));
  if (exactRank !== undefined && s.length !== exactRank) {
    throw new AnalysisError(
      trans.__('%1 expects input of rank %2 (batch included), got rank %3: %4', ctx.args.className, exactRank, s.length, fmt(s))
    );
  }
  if (minRank !== undefined && s.length < minRank) {
    throw new AnalysisError(
      trans.__('%1 expects input of rank ≥ %2 (batch included), got rank %3: %4', ctx.args.className, minRank, s.length, fmt(s))
    );
  }
  return s;
}

/** The last-axis size a layer needs to build its weights. */
export function knownDim(ctx: IBuildContext, shape: Shape, axis: number, what = 'last'): bigint {
  const a = axis < 0 ? shape.length + axis : axis;
  const d = shape[a];
  if (d === null || d === undefined) {
    throw new AnalysisError(trans.__('%1 needs the %2 dimension of its input to be known, got %3', ctx.args.className, what, fmt(shape)));
  }
  return d;
}

function fmt(s: Shape): string {
  const dims = s.map(d => (d === null ? 'None' : d.toString()));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}
