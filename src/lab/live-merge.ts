/**
 * What the panel shows once the kernel has answered: the static report, with each model the kernel
 * also holds compared layer by layer (✓, or ✗ with both numbers), and the models the static reader
 * could not know (partly or at all) replaced or completed by their exact live summaries.
 */
import type { AnalysisReport, JsonLayer, JsonModel, JsonReport } from '../core/index';
import type { ILiveModelCheck, ILiveReport } from '../core/readers/live';
import type { Engine } from './engine';

export interface ILiveView {
  label: string;
  /** Variables whose model is shown from the kernel (the static reader could not know it). */
  liveOnly: Set<string>;
  /** Per variable: the static model compared with the live one. */
  checks: Map<string, ILiveModelCheck>;
}

/**
 * Whether the static reader knew every figure of `model`: then the live model is checked against it; else the
 * live one replaces it (a count unknown, a size the source does not give, `?`, or figures the engine inferred for a
 * model Keras builds only on data: the kernel has them built).
 */
export function staticallyKnown(model: JsonModel): boolean {
  const sized = (layers: JsonLayer[]): boolean => layers.every(l => !l.unknownSizes && sized(l.layers ?? []));
  return !model.inferred && model.totals.keras.unknownLayers === 0 && model.layers.length > 0 && sized(model.layers);
}

export function mergeLive(
  engine: Pick<Engine, 'jsonModel' | 'compareWithLive'>,
  report: AnalysisReport,
  json: JsonReport,
  live: ILiveReport
): { json: JsonReport; view: ILiveView } {
  const view: ILiveView = { label: live.label, liveOnly: new Set(), checks: new Map() };
  const models: JsonModel[] = [...json.models];
  for (const model of live.models) {
    const variable = model.variable;
    if (!variable) continue;
    const index = json.models.findIndex(m => m.variable === variable);
    const liveJson = engine.jsonModel(model);
    const known = index >= 0 && staticallyKnown(json.models[index]);
    if (known) {
      const rows = report.models[index].rows;
      const shapes = new Map(rows.map(r => [r.name, r.outputShapes]));
      view.checks.set(variable, engine.compareWithLive(json.models[index], shapes, model, live.label));
    } else if (index >= 0) {
      // The static reader knew the model only in part: the kernel's is exact.
      models[index] = { ...liveJson, location: json.models[index].location };
      view.liveOnly.add(variable);
    } else {
      models.push(liveJson);
      view.liveOnly.add(variable);
    }
  }
  const diagnostics = [
    ...json.diagnostics,
    ...live.diagnostics.map(d => ({ severity: d.severity, message: `live: ${d.message}`, cell: null, line: null, column: null }))
  ];
  return { json: { ...json, models, diagnostics }, view };
}
