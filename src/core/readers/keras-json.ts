/**
 * Keras JSON (`model.to_json()`, a `.keras` archive's config.json), Keras 2 and 3 formats, read into
 * the same Keras objects as Python source. Layer configs bind to the catalogue's signatures.
 */
import { AnalysisError, type ILocation } from '../types';
import { NONE, type Value } from '../config/value';
import { KerasSession, KTensor, Layer, Model } from '../keras/objects';
import { constructLayer, toShape, type ICallArgs } from '../keras/construct';
import { resolveKeras } from '../keras/symbols';
import { lookupLayer } from '../catalogue/registry';
import { setTrainable } from '../keras/runtime';
import { displayName } from '../format/safe-text';
import { isJsonObject as isObject, readJson, type JsonObject, type JsonValue as Json } from './json-text';
import type { IByteSource } from './byte-source';
import { trans } from '../i18n/current';

const AT: ILocation = { cell: null, line: 1, column: 1 };

function toValue(j: Json): Value {
  if (j === null) return NONE;
  if (typeof j === 'boolean') return { kind: 'bool', value: j };
  // Integers were read exactly from the text; every other number is a float, as Python's json reads it.
  if (typeof j === 'bigint') return { kind: 'int', value: j };
  if (typeof j === 'number') return { kind: 'float', value: j };
  if (typeof j === 'string') return { kind: 'str', value: j };
  if (Array.isArray(j)) return { kind: 'tuple', items: j.map(toValue) };
  return { kind: 'dict', entries: [...j].map(([k, v]) => [{ kind: 'str', value: k }, toValue(v)] as [Value, Value]) };
}

const EMPTY: JsonObject = new Map();

/** Reads Keras JSON (text, bytes or a byte source) into the session's models. */
export function readKerasJson(input: string | Uint8Array | IByteSource, session: KerasSession, maxKeptBytes?: number): void {
  const root = readJson(input, { what: trans.__('Keras JSON'), maxKeptBytes });
  if (!isObject(root) || typeof root.get('class_name') !== 'string')
    throw new AnalysisError(trans.__('not a Keras model config: it has no "class_name"'));
  const model = buildObject(root, session);
  if (!(model instanceof Model))
    throw new AnalysisError(trans.__('the config describes a %1, not a model', displayName(String(root.get('class_name')))));
  model.variable = model.name;
}

function buildObject(config: JsonObject, session: KerasSession): Layer {
  const className = jsonString(config.get('class_name'));
  const c = config.get('config');
  const inner = isObject(c) ? c : EMPTY;
  if (className === 'Sequential') return buildSequential(inner, session);
  if (className === 'Functional' || className === 'Model') return buildFunctional(inner, session);
  if (className === 'InputLayer') {
    const shape = inner.get('batch_shape') ?? inner.get('batch_input_shape');
    return session.newInputLayer(toShape(toValue(shape ?? null), 'batch_shape', AT), jsonString(inner.get('name') ?? '') || null, AT).node!.layer;
  }
  // keras_hub layers are registered as "keras_hub>TransformerEncoder" (keras_nlp's too, since 0.32 re-exports them).
  const hub = /^keras_(hub|nlp)\b/.test(String(config.get('module') ?? config.get('registered_name') ?? ''));
  let cls = resolveKeras(hub ? `keras_hub.layers.${className}` : `keras.layers.${className}`);
  if (!cls || cls.kind === 'unknownLayer') {
    // Layers are built quietly from a config (its keys are Keras's own); an unknown class still says why it is `?`.
    session.report(
      'warning',
      trans.__(
        'layer class %1 is not one the engine knows (a custom or newer layer): its output shape and parameters are unknown',
        displayName(className)
      ),
      AT
    );
    cls = { kind: 'unknownLayer' as const, name: className, path: className, legacyV1: false, standalone: false };
  }
  const layerArgs = new Set(['layer', 'backward_layer', ...(lookupLayer(cls.name)?.innerLayerArgs ?? [])]);
  const keywords: ICallArgs['keywords'] = new Map();
  for (const [k, v] of inner) {
    if (layerArgs.has(k)) {
      // One layer (Bidirectional's), or a list of them (StackedRNNCells' cells, Pipeline's layers).
      if (isObject(v)) keywords.set(k, { value: layerValue(buildObject(v, session)), location: null });
      else if (Array.isArray(v) && v.every(isObject))
        keywords.set(k, { value: { kind: 'list', items: v.map(c => layerValue(buildObject(c as JsonObject, session))) }, location: null });
      continue;
    }
    keywords.set(k, { value: toValue(v), location: null });
  }
  const layer = constructLayer(session, cls, { positional: [], keywords }, AT, true);
  if (inner.get('trainable') === false) setTrainable(layer, false);
  return layer;
}

function layerValue(layer: Layer): Value {
  return layer instanceof Model ? { kind: 'model', model: layer } : { kind: 'layer', layer };
}

function buildSequential(config: JsonObject, session: KerasSession): Model {
  const model = new Model('sequential', 'Sequential', jsonString(config.get('name') ?? 'sequential'), AT);
  session.models.push(model);
  const list = config.get('layers');
  const layers = Array.isArray(list) ? list : [];
  for (const l of layers) {
    if (!isObject(l)) continue;
    session.addToSequential(model, buildObject(l, session), AT, false);
  }
  session.maybeRebuild(model, AT);
  const buildShape = config.get('build_input_shape');
  if (!model.built && Array.isArray(buildShape)) {
    session.buildSequential(model, toShape(toValue(buildShape), 'build_input_shape', AT), AT);
  }
  return model;
}

/** A reference to a tensor: Keras 3 `{"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}` or Keras 2 `[name, node, tensor, kwargs]`. */
function historyOf(j: Json): [string, number, number] | null {
  if (isObject(j) && j.get('class_name') === '__keras_tensor__') {
    const c = j.get('config');
    const history = isObject(c) ? c.get('keras_history') : undefined;
    if (Array.isArray(history)) {
      const [n, node, t] = history;
      return [jsonString(n), index(node), index(t)];
    }
  }
  if (Array.isArray(j) && typeof j[0] === 'string' && typeof j[1] === 'bigint') return [j[0], index(j[1]), index(j[2] ?? 0n)];
  return null;
}

function buildFunctional(config: JsonObject, session: KerasSession): Model {
  const model = new Model('functional', 'Functional', jsonString(config.get('name') ?? 'functional'), AT);
  const outputsByLayer = new Map<string, KTensor[][]>();
  const byName = new Map<string, Layer>();
  const tensor = (ref: [string, number, number]): KTensor => {
    const nodes = outputsByLayer.get(ref[0]);
    const t = nodes?.[ref[1]]?.[ref[2]];
    if (!t) throw new AnalysisError(trans.__('the config refers to %1[%2][%3], which it does not define', displayName(ref[0]), ref[1], ref[2]));
    return t;
  };
  const collect = (j: Json, out: KTensor[]) => {
    const ref = historyOf(j);
    if (ref) out.push(tensor(ref));
    else if (Array.isArray(j)) j.forEach(x => collect(x, out));
    else if (isObject(j)) [...j.keys()].sort().forEach(k => collect(j.get(k)!, out));
  };
  const list = config.get('layers');
  const layerConfigs = (Array.isArray(list) ? list : []).filter(isObject);
  for (const lc of layerConfigs) {
    const layer = buildObject(lc, session);
    const inner = lc.get('config');
    const name = jsonString(lc.get('name') ?? (isObject(inner) ? inner.get('name') : undefined) ?? layer.name);
    layer.name = name;
    byName.set(name, layer);
    outputsByLayer.set(name, layer.isInputLayer ? [[layer.nodes[0].outputs[0]]] : []);
  }
  // Nodes may refer to layers defined later (shared layers), so call in rounds until nothing changes.
  const pending = layerConfigs.flatMap(lc => {
    const inbound = lc.get('inbound_nodes');
    const nodes = Array.isArray(inbound) ? inbound : [];
    const name = jsonString(lc.get('name') ?? '');
    return nodes.map((node, index) => ({ name, node, index }));
  });
  let progress = true;
  while (pending.length && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const { name, node, index } = pending[i];
      const layer = byName.get(name);
      if (!layer) continue;
      if ((outputsByLayer.get(name)?.length ?? 0) !== index) continue;
      const inputs: KTensor[] = [];
      const callArgs = new Map<string, Value>();
      try {
        if (isObject(node)) {
          collect(node.get('args') ?? [], inputs);
          const kw = node.get('kwargs');
          const kwargs = isObject(kw) ? kw : EMPTY;
          for (const [k, v] of kwargs) if (!historyOf(v)) callArgs.set(k, toValue(v));
          collect(kwargs, inputs);
        } else collect(node, inputs);
      } catch {
        continue;
      }
      const roleInputs = layer.spec?.callStyle === 'attention' ? inputs.slice(0, 3) : inputs;
      const result = session.call(layer, roleInputs, callArgs, AT, inputs);
      outputsByLayer.get(name)!.push(result.tensors);
      pending.splice(i--, 1);
      progress = true;
    }
  }
  if (pending.length)
    session.report('error', trans.__("the config's graph could not be followed at %1", pending.map(p => displayName(p.name)).join(', ')), AT);
  const refs = (j: Json | undefined): KTensor[] => {
    if (isObject(j)) return [...j.keys()].sort().flatMap(k => refs(j.get(k)));
    if (!Array.isArray(j)) return [];
    if (historyOf(j)) return [tensor(historyOf(j)!)];
    return j.flatMap(x => refs(x));
  };
  session.buildFunctional(model, refs(config.get('input_layers')), refs(config.get('output_layers')), AT);
  session.models.push(model);
  return model;
}

/** A JSON value where Keras expects a string (a name): as Python's str() would print a scalar. */
function jsonString(j: Json | undefined): string {
  if (typeof j === 'string') return j;
  if (j === null || j === undefined) return 'None';
  if (typeof j === 'boolean') return j ? 'True' : 'False';
  if (typeof j === 'bigint' || typeof j === 'number') return String(j);
  return '?';
}

/** A node or tensor index: small non-negative integers only (anything else refers to nothing). */
function index(j: Json | undefined): number {
  return typeof j === 'bigint' && j >= 0n && j < 1_000_000n ? Number(j) : -1;
}
