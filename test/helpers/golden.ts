/**
 * The goldens' shape: what scripts/oracle/oracle.py writes from real Keras for each fixture
 * (test/fixtures/golden/*.json), shared by the tests that compare the engine with them.
 */
import type { KerasVersion } from '../../src/core/index';

/** A count; null where Keras's figure depends on what an unbuilt model lacks. */
export type Count = number | null;

export interface IGoldenLayer {
  name: string;
  class: string;
  outputShape: unknown;
  params: Record<string, Count>;
  trainableParams: Record<string, Count>;
  /** null in an unbuilt model's golden when the weights depend on the missing input. */
  weights: Array<{ name: string; shape: number[]; trainable: boolean }> | null;
  layers?: IGoldenLayer[];
}

export interface IGoldenModel {
  variable: string | null;
  name: string;
  class: string;
  layers: IGoldenLayer[];
  totals: Record<string, { total: number; trainable: number; nonTrainable: number; unknownLayers?: number }>;
  /**
   * Unbuilt in Keras (no input): the golden holds what every probe input agrees on, null where the figure
   * depends on the input; the engine must state exactly those figures and leave the rest unknown.
   */
  unbuilt?: true;
  /**
   * Keras 3 after a training step: the built optimizer's variables, per convention. Keras's summary prints them
   * as "Optimizer params" and adds them to "Total params"; `totals` are the weights only.
   */
  optimizer?: { class: string; params: Record<string, number> };
}

export interface IGoldenSummary {
  cell: number | null;
  line: number;
  column: number;
  model: IGoldenModel;
}

export interface IGolden {
  fixture: string;
  /** Every model.summary() call the fixture made, with the model as it was then. */
  summaries?: IGoldenSummary[];
  kerasVersion: KerasVersion;
  /** `2.3` when the fixture names a minor version. */
  kerasRelease?: string;
  models: IGoldenModel[];
}
