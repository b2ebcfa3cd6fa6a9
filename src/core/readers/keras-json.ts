/**
 * Keras JSON (`model.to_json()`, a `.keras` archive's config.json), Keras 2 and 3 formats, read into
 * the same Keras objects as Python source. Layer configs bind to the catalogue's signatures.
 */
import { AnalysisError, type Location } from '../types';
import { NONE, type Value } from '../config/value';
import { KerasSession, KTensor, Layer, Model } from '../keras/objects';
import { constructLayer, toShape, type CallArgs } from '../keras/construct';
import { resolveKeras } from '../keras/symbols';
import { setTrainable } from '../keras/runtime';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const AT: Location = { cell: null, line: 1, column: 1 };

function toValue(j: Json): Value {
  if (j === null) return NONE;
  if (typeof j === 'boolean') return { kind: 'bool', value: j };
  if (typeof j === 'number') return Number.isInteger(j) ? { kind: 'int', value: BigInt(j) } : { kind: 'float', value: j };
  if (typeof j === 'string') return { kind: 'str', value: j };
  if (Array.isArray(j)) return { kind: 'tuple', items: j.map(toValue) };
  return { kind: 'dict', entries: Object.entries(j).map(([k, v]) => [{ kind: 'str', value: k }, toValue(v)] as [Value, Value]) };
}

const isObject = (j: Json | undefined): j is JsonObject => typeof j === 'object' && j !== null && !Array.isArray(j);

export function readKerasJson(text: string, session: KerasSession): void {
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    throw new AnalysisError(`not valid Keras JSON: ${(e as Error).message}`);
  }
  if (!isObject(root) || typeof root.class_name !== 'string') throw new AnalysisError('not a Keras model config: it has no "class_name"');
  const model = buildObject(root, session);
  if (!(model instanceof Model)) throw new AnalysisError(`the config describes a ${root.class_name}, not a model`);
  model.variable = model.name;
}

function buildObject(config: JsonObject, session: KerasSession): Layer {
  const className = String(config.class_name);
  const inner = isObject(config.config) ? config.config : {};
  if (className === 'Sequential') return buildSequential(inner, session);
  if (className === 'Functional' || className === 'Model') return buildFunctional(inner, session);
  if (className === 'InputLayer') {
    const shape = inner.batch_shape ?? inner.batch_input_shape;
    return session.newInputLayer(toShape(toValue(shape ?? null), 'batch_shape', AT), String(inner.name ?? '') || null, AT).node!.layer;
  }
  const cls = resolveKeras(`keras.layers.${className}`) ?? { kind: 'unknownLayer' as const, name: className, path: className, legacyV1: false, standalone: false };
  const keywords: CallArgs['keywords'] = new Map();
  for (const [k, v] of Object.entries(inner)) {
    if (k === 'layer' || k === 'backward_layer') {
      if (isObject(v)) keywords.set(k, { value: layerValue(buildObject(v, session)), location: null });
      continue;
    }
    keywords.set(k, { value: toValue(v), location: null });
  }
  const layer = constructLayer(session, cls, { positional: [], keywords }, AT, true);
  if (inner.trainable === false) setTrainable(layer, false);
  return layer;
}

function layerValue(layer: Layer): Value {
  return layer instanceof Model ? { kind: 'model', model: layer } : { kind: 'layer', layer };
}

function buildSequential(config: JsonObject, session: KerasSession): Model {
  const model = new Model('sequential', 'Sequential', String(config.name ?? 'sequential'), AT);
  session.models.push(model);
  const layers = Array.isArray(config.layers) ? config.layers : [];
  for (const l of layers) {
    if (!isObject(l)) continue;
    session.addToSequential(model, buildObject(l, session), AT, false);
  }
  session.maybeRebuild(model, AT);
  if (!model.built && Array.isArray(config.build_input_shape)) {
    session.buildSequential(model, toShape(toValue(config.build_input_shape), 'build_input_shape', AT), AT);
  }
  return model;
}

/** A reference to a tensor: Keras 3 `{"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}` or Keras 2 `[name, node, tensor, kwargs]`. */
function historyOf(j: Json): [string, number, number] | null {
  if (isObject(j) && j.class_name === '__keras_tensor__' && isObject(j.config) && Array.isArray(j.config.keras_history)) {
    const [n, node, t] = j.config.keras_history;
    return [String(n), Number(node), Number(t)];
  }
  if (Array.isArray(j) && typeof j[0] === 'string' && typeof j[1] === 'number') return [j[0], j[1], Number(j[2] ?? 0)];
  return null;
}

function buildFunctional(config: JsonObject, session: KerasSession): Model {
  const model = new Model('functional', 'Functional', String(config.name ?? 'functional'), AT);
  const outputsByLayer = new Map<string, KTensor[][]>();
  const byName = new Map<string, Layer>();
  const tensor = (ref: [string, number, number]): KTensor => {
    const nodes = outputsByLayer.get(ref[0]);
    const t = nodes?.[ref[1]]?.[ref[2]];
    if (!t) throw new AnalysisError(`the config refers to ${ref[0]}[${ref[1]}][${ref[2]}], which it does not define`);
    return t;
  };
  const collect = (j: Json, out: KTensor[]) => {
    const ref = historyOf(j);
    if (ref) out.push(tensor(ref));
    else if (Array.isArray(j)) j.forEach(x => collect(x, out));
    else if (isObject(j)) Object.keys(j).sort().forEach(k => collect(j[k], out));
  };
  const layerConfigs = (Array.isArray(config.layers) ? config.layers : []).filter(isObject);
  for (const lc of layerConfigs) {
    const layer = buildObject(lc, session);
    const name = String(lc.name ?? (isObject(lc.config) ? lc.config.name : layer.name));
    layer.name = name;
    byName.set(name, layer);
    outputsByLayer.set(name, layer.isInputLayer ? [[layer.nodes[0].outputs[0]]] : []);
  }
  // Nodes may refer to layers defined later (shared layers), so call in rounds until nothing changes.
  const pending = layerConfigs.flatMap(lc => {
    const nodes = Array.isArray(lc.inbound_nodes) ? lc.inbound_nodes : [];
    return nodes.map((node, index) => ({ name: String(lc.name), node, index }));
  });
  let progress = true;
  while (pending.length && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const { name, node, index } = pending[i];
      const layer = byName.get(name)!;
      if ((outputsByLayer.get(name)?.length ?? 0) !== index) continue;
      const inputs: KTensor[] = [];
      const callArgs = new Map<string, Value>();
      try {
        if (isObject(node)) {
          collect(node.args ?? [], inputs);
          const kwargs = isObject(node.kwargs) ? node.kwargs : {};
          for (const [k, v] of Object.entries(kwargs)) if (!historyOf(v)) callArgs.set(k, toValue(v));
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
  if (pending.length) session.report('error', `the config's graph could not be followed at ${pending.map(p => p.name).join(', ')}`, AT);
  const refs = (j: Json | undefined): KTensor[] => {
    if (isObject(j)) return Object.keys(j).sort().flatMap(k => refs(j[k]));
    if (!Array.isArray(j)) return [];
    if (historyOf(j)) return [tensor(historyOf(j)!)];
    return j.flatMap(x => refs(x));
  };
  session.buildFunctional(model, refs(config.input_layers), refs(config.output_layers), AT);
  session.models.push(model);
  return model;
}

