/**
 * The decoder file with one change: each layer's new keys and values (the tokens this run read, before they are
 * appended to the cache) become outputs of their own, `step_key_values.N.key/value`. With them the engine can keep
 * the cache between steps itself and leave the whole `present.N.*` outputs unfetched: on onnxruntime-web's WASM
 * backend every fetched output is copied out of the WASM heap into a new array, which at a detailed look's
 * 1,141-token context is about 50 MB a step for the 256M model and most of what makes a step slower there.
 *
 * The change is made only where the graph is what the hub's exports and the project's stand-ins have: for every
 * layer, `present.N.key` is a Concat (through any Identity) of `past_key_values.N.key` and the new keys. Anything
 * else (a merged decoder's If branches, another cache layout) returns null and the file loads as it is.
 */
import {
  concatBytes,
  fieldHeader,
  fieldText,
  lengthDelimited,
  type ProtoField,
  protoFields,
  varintField,
} from './onnx-fields';

// Field numbers from onnx.proto3: ModelProto.graph; GraphProto.node, .input, .output; NodeProto.input, .output, .name,
// .op_type; ValueInfoProto.name, .type; TypeProto.tensor_type; TypeProto.Tensor.elem_type.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_NAME = 3;
const NODE_OP_TYPE = 4;
const VALUE_NAME = 1;
const VALUE_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_ELEM_TYPE = 1;

export const pastName = (layer: number, kind: CacheKind) => `past_key_values.${layer}.${kind}`;
export const presentName = (layer: number, kind: CacheKind) => `present.${layer}.${kind}`;
export const stepName = (layer: number, kind: CacheKind) => `step_key_values.${layer}.${kind}`;
export type CacheKind = 'key' | 'value';
export const CACHE_KINDS: readonly CacheKind[] = ['key', 'value'];

export interface StepOutputs {
  bytes: Uint8Array;
  /** Decoder layers: every one has step outputs for its keys and values. */
  layers: number;
  /** The cache's ONNX element type (FLOAT_ELEMENT for float32). */
  cacheElementType: number;
}

/** TensorProto.DataType.FLOAT. */
export const FLOAT_ELEMENT = 1;

interface GraphNode {
  op: string;
  inputs: string[];
}

function readNode(buf: Uint8Array, f: ProtoField): GraphNode & { outputs: string[] } {
  const node = { op: '', inputs: [] as string[], outputs: [] as string[] };
  for (const part of protoFields(buf, f.start, f.end)) {
    if (part.wire !== 2) continue;
    if (part.field === NODE_INPUT) node.inputs.push(fieldText(buf, part));
    else if (part.field === NODE_OUTPUT) node.outputs.push(fieldText(buf, part));
    else if (part.field === NODE_OP_TYPE) node.op = fieldText(buf, part);
  }
  return node;
}

function valueName(buf: Uint8Array, f: ProtoField): string {
  for (const part of protoFields(buf, f.start, f.end))
    if (part.field === VALUE_NAME && part.wire === 2) return fieldText(buf, part);
  return '';
}

/** The element type of a graph input's tensor type (1 float, 10 float16, …), 0 when it has none. */
function elementType(buf: Uint8Array, f: ProtoField): number {
  for (const type of protoFields(buf, f.start, f.end)) {
    if (type.field !== VALUE_TYPE || type.wire !== 2) continue;
    for (const tensor of protoFields(buf, type.start, type.end)) {
      if (tensor.field !== TYPE_TENSOR || tensor.wire !== 2) continue;
      for (const elem of protoFields(buf, tensor.start, tensor.end))
        if (elem.field === TENSOR_ELEM_TYPE && elem.wire === 0) return elem.value;
    }
  }
  return 0;
}

/** A graph output of `elemType` with no shape (onnxruntime takes the shape the kernel gives it). */
function outputField(name: string, elemType: number): Uint8Array {
  const tensorType = varintField(TENSOR_ELEM_TYPE, elemType);
  const type = lengthDelimited(TYPE_TENSOR, tensorType);
  const value = concatBytes([lengthDelimited(VALUE_NAME, name), lengthDelimited(VALUE_TYPE, type)]);
  return lengthDelimited(GRAPH_OUTPUT, value);
}

/** The tensor a layer's new keys (or values) are, when `present` is Concat(past, new) through any Identity. */
function newEntries(producers: Map<string, GraphNode>, present: string, past: string): string | null {
  let node = producers.get(present);
  while (node?.op === 'Identity' && node.inputs[0]) node = producers.get(node.inputs[0]);
  if (node?.op !== 'Concat' || node.inputs.length !== 2 || node.inputs[0] !== past) return null;
  return node.inputs[1] ?? null;
}

/** `model` with step outputs added, or null when its cache isn't the layout this knows (see the header). */
export function withStepOutputs(model: Uint8Array): StepOutputs | null {
  let graph: ProtoField | null = null;
  for (const f of protoFields(model)) if (f.field === MODEL_GRAPH && f.wire === 2) graph = f;
  if (!graph) return null;
  const producers = new Map<string, GraphNode>();
  const inputTypes = new Map<string, number>();
  const outputs = new Set<string>();
  for (const f of protoFields(model, graph.start, graph.end)) {
    if (f.wire !== 2) continue;
    if (f.field === GRAPH_NODE) {
      const node = readNode(model, f);
      for (const output of node.outputs) producers.set(output, node);
    } else if (f.field === GRAPH_INPUT) {
      inputTypes.set(valueName(model, f), elementType(model, f));
    } else if (f.field === GRAPH_OUTPUT) {
      outputs.add(valueName(model, f));
    }
  }
  const added: Uint8Array[] = [];
  let layers = 0;
  while (inputTypes.has(pastName(layers, 'key'))) layers++;
  if (layers === 0) return null;
  for (let layer = 0; layer < layers; layer++) {
    for (const kind of CACHE_KINDS) {
      const past = pastName(layer, kind);
      const present = presentName(layer, kind);
      const elemType = inputTypes.get(past) ?? 0;
      const entries = outputs.has(present) ? newEntries(producers, present, past) : null;
      if (!entries || elemType === 0 || outputs.has(stepName(layer, kind))) return null;
      // An output is a name: the new entries' tensor is declared an output under its own name through Identity,
      // which copies only this step's tokens.
      added.push(identityNode(entries, stepName(layer, kind)), outputField(stepName(layer, kind), elemType));
    }
  }
  // Repeated fields may come in any order, so the additions go at the graph's end; the weights are copied once.
  const graphLength = graph.end - graph.start + added.reduce((sum, a) => sum + a.length, 0);
  return {
    bytes: concatBytes([
      model.subarray(0, graph.tagStart),
      fieldHeader(MODEL_GRAPH, graphLength),
      model.subarray(graph.start, graph.end),
      ...added,
      model.subarray(graph.end),
    ]),
    layers,
    cacheElementType: inputTypes.get(pastName(0, 'key')) ?? 0,
  };
}

function identityNode(input: string, output: string): Uint8Array {
  return lengthDelimited(
    GRAPH_NODE,
    concatBytes([
      lengthDelimited(NODE_INPUT, input),
      lengthDelimited(NODE_OUTPUT, output),
      lengthDelimited(NODE_NAME, `verdict_lens_${output}`),
      lengthDelimited(NODE_OP_TYPE, 'Identity'),
    ]),
  );
}
