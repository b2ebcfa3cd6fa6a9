/**
 * Keras 3's optimizers as `model.summary()` counts them. After `fit()` Keras 3 prints an "Optimizer params"
 * line and adds it to "Total params" (keras/src/utils/summary_utils.py): the optimizer's variables, built on
 * the model's trainable weights at the first training step. Each optimizer keeps a fixed number of slot
 * variables shaped like every trainable weight (Adam: m and v), plus two scalars: `iteration` (int64) and
 * `learning_rate` (float32; none when the rate is a schedule). Measured against Keras 3.15.
 */
import type { ConfigValue } from '../config/value';
import { trans } from '../i18n/current';
import type { Convention } from '../types';
import type { ICallArgs } from './construct';

/** An optimizer's scalars: how many, and their bytes. */
interface IScalars {
  count: bigint;
  bytes: bigint;
}

/** What the optimizer holds once built: slot variables on the trainable weights it was built on, and its scalars. */
export interface IOptimizerVariables {
  params: Record<Convention, bigint | null>;
  bytes: Record<Convention, bigint | null>;
}

export class Optimizer {
  /**
   * Built by the first training step (`fit`, `train_on_batch`) of a model compiled with it: its variables
   * then, on the trainable weights of that moment (freezing layers later does not change them).
   */
  built: IOptimizerVariables | null = null;

  constructor(
    readonly className: string,
    /** Slot variables per trainable weight (Adam: 2), or null when the source does not determine it. */
    readonly slots: number | null,
    readonly scalars: IScalars,
    /** Why its variables are unknown. */
    public why: string | null
  ) {}

  /** Its variables become unknown once built (the source does not say whether the Keras that ran it prints them). */
  forget(): void {
    if (!this.built) return;
    for (const c of Object.keys(this.built.params) as Convention[]) {
      this.built.params[c] = null;
      this.built.bytes[c] = null;
    }
  }

  /** Builds it on trainable weights of these sizes (per convention; null: unknown), as Keras's `optimizer.build()`. */
  build(trainable: Record<Convention, { params: bigint | null; bytes: bigint | null }>): void {
    const params = {} as Record<Convention, bigint | null>;
    const bytes = {} as Record<Convention, bigint | null>;
    for (const c of Object.keys(trainable) as Convention[]) {
      const t = trainable[c];
      const known = this.slots !== null && t.params !== null && t.bytes !== null;
      params[c] = known ? BigInt(this.slots!) * t.params! + this.scalars.count : null;
      bytes[c] = known ? BigInt(this.slots!) * t.bytes! + this.scalars.bytes : null;
    }
    this.built = { params, bytes };
  }
}

/** Keras 3's optimizer classes: the slot variables each keeps per trainable weight, given its arguments. */
const SLOTS: Record<string, (arg: (name: string) => ConfigValue | undefined) => number> = {
  Adam: a => 2 + amsgrad(a),
  AdamW: a => 2 + amsgrad(a),
  Adamax: () => 2,
  Nadam: () => 2,
  Lamb: () => 2,
  Adadelta: () => 2,
  Ftrl: () => 2,
  Adagrad: () => 1,
  Lion: () => 1,
  SGD: a => nonZero(a('momentum')),
  RMSprop: a => 1 + nonZero(a('momentum')) + flag(a('centered'), 'centered')
};

/** Positional order of the arguments that change the slots (after `learning_rate`). */
const POSITIONAL: Record<string, string[]> = {
  Adam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'],
  AdamW: ['learning_rate', 'weight_decay', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'],
  SGD: ['learning_rate', 'momentum', 'nesterov'],
  RMSprop: ['learning_rate', 'rho', 'momentum', 'epsilon', 'centered']
};

/** `compile(optimizer='adam')`: Keras 3's `optimizers.get()` takes a class's name in lower case. */
const BY_STRING: Record<string, string> = Object.fromEntries([...Object.keys(SLOTS), 'Adafactor'].map(n => [n.toLowerCase(), n]));

const ITERATION_BYTES = 8n; // int64
const NO_SCALARS: IScalars = { count: 0n, bytes: 0n };
const RATE_BYTES = 4n; // float32

class Unknown extends Error {}

function amsgrad(a: (name: string) => ConfigValue | undefined): number {
  return flag(a('amsgrad'), 'amsgrad');
}

function flag(v: ConfigValue | undefined, name: string): number {
  if (v === undefined || v.kind === 'none') return 0;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  if (v.kind === 'int') return v.value !== 0n ? 1 : 0;
  throw new Unknown(trans.__('its %1 argument is not known statically', name));
}

function nonZero(v: ConfigValue | undefined): number {
  if (v === undefined || v.kind === 'none') return 0;
  if (v.kind === 'int') return v.value !== 0n ? 1 : 0;
  if (v.kind === 'float') return v.value !== 0 ? 1 : 0;
  throw new Unknown(trans.__('its %1 argument is not known statically', 'momentum'));
}

/** `keras.optimizers.Adam(learning_rate=1e-3)` and the like. */
export function constructOptimizer(className: string, args: ICallArgs): Optimizer {
  const order = POSITIONAL[className] ?? ['learning_rate'];
  const arg = (name: string): ConfigValue | undefined => {
    const at = order.indexOf(name);
    return args.keywords.get(name)?.value ?? (at >= 0 ? args.positional[at]?.value : undefined);
  };
  const rule = SLOTS[className];
  if (!rule) return new Optimizer(className, null, NO_SCALARS, trans.__('the engine does not know how many variables %1 keeps', className));
  let slots: number;
  let s: IScalars;
  try {
    s = scalars(arg);
    slots = rule(arg);
    // Both add one variable per trainable weight: the moving average of the weights, the accumulated gradients.
    slots += flag(arg('use_ema'), 'use_ema');
    const steps = arg('gradient_accumulation_steps');
    if (steps !== undefined && steps.kind !== 'none') {
      if (steps.kind !== 'int') throw new Unknown(trans.__('its %1 argument is not known statically', 'gradient_accumulation_steps'));
      slots += 1;
    }
  } catch (e) {
    if (e instanceof Unknown) return new Optimizer(className, null, NO_SCALARS, e.message);
    throw e;
  }
  // Nadam keeps one more scalar, its running product of momentum factors (`u_product`).
  const extra = className === 'Nadam' ? { count: 1n, bytes: 4n } : NO_SCALARS;
  return new Optimizer(className, slots, { count: s.count + extra.count, bytes: s.bytes + extra.bytes }, null);
}

/**
 * `iteration` always; `learning_rate` when it is a number (a schedule or any callable is not a variable);
 * throws Unknown when the source does not say which it is.
 */
function scalars(arg: (name: string) => ConfigValue | undefined): IScalars {
  const rate = arg('learning_rate');
  if (rate === undefined || rate.kind === 'float' || rate.kind === 'int') return { count: 2n, bytes: ITERATION_BYTES + RATE_BYTES };
  if (rate.kind === 'opaque' && rate.what === LEARNING_RATE_SCHEDULE) return { count: 1n, bytes: ITERATION_BYTES };
  throw new Unknown(trans.__('its learning_rate is not known statically (a number is one more variable, a schedule none)'));
}

/** What a `keras.optimizers.schedules.*` object is called in the values the reader passes around. */
export const LEARNING_RATE_SCHEDULE = 'learning rate schedule';

/**
 * `compile(optimizer=...)`: an optimizer object, a name, or (omitted) Keras 3's default, 'rmsprop'. Under the
 * `mixed_float16` policy Keras 3 wraps it in a LossScaleOptimizer, whose own variables the engine does not count.
 */
export function compiledOptimizer(value: ConfigValue | undefined, dtypePolicy: string | null): Optimizer {
  if (dtypePolicy === null || dtypePolicy === 'mixed_float16') {
    const why =
      dtypePolicy === null
        ? trans.__('the dtype policy is not known statically (under mixed_float16 Keras wraps the optimizer in a LossScaleOptimizer)')
        : trans.__('under the mixed_float16 policy Keras wraps it in a LossScaleOptimizer, which keeps variables of its own');
    return new Optimizer('LossScaleOptimizer', null, NO_SCALARS, why);
  }
  return optimizerOf(value);
}

function optimizerOf(value: ConfigValue | undefined): Optimizer {
  if (value === undefined || value.kind === 'none') return constructOptimizer('RMSprop', { positional: [], keywords: new Map() });
  if (value.kind === 'opaque' && value.ref instanceof Optimizer) return value.ref;
  if (value.kind === 'str') {
    const className = BY_STRING[value.value.toLowerCase()];
    if (className) return constructOptimizer(className, { positional: [], keywords: new Map() });
    return new Optimizer(value.value, null, NO_SCALARS, trans.__("Keras knows no optimizer named '%1'", value.value));
  }
  return new Optimizer('?', null, NO_SCALARS, trans.__('the optimizer passed to compile() is not known statically'));
}
