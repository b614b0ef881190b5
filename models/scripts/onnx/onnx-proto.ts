/**
 * The subset of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto)
 * that the generated models need, encoded with field numbers from the ONNX spec.
 */
import { ProtoWriter } from './protobuf-writer.ts';

/** TensorProto.DataType values. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10 } as const;
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

/** A dimension is either fixed or a named symbolic size (dim_param), e.g. 'batch_size'. */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  type: DataTypeId;
  shape: Dim[];
}

export interface Tensor {
  name: string;
  type: DataTypeId;
  dims: number[];
  /** Little-endian element bytes (TensorProto.raw_data). */
  raw: Uint8Array;
}

export type Attribute =
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'ints'; value: number[] }
  | { name: string; kind: 'float'; value: number };

export interface Node {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  /** Operator set domain; '' is the default ONNX domain ('com.microsoft' holds onnxruntime's contrib ops). */
  domain?: string;
  attributes?: Attribute[];
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface Model {
  graph: Graph;
  opsets: OpsetImport[];
  irVersion: number;
  producer: string;
  docString?: string;
}

// AttributeProto.AttributeType
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

function writeTensor(w: ProtoWriter, t: Tensor): void {
  w.packedInts(1, t.dims); // dims
  w.int(2, t.type); // data_type
  w.string(8, t.name); // name
  w.bytes(9, t.raw); // raw_data
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    // TypeProto.tensor_type
    type.message(1, (tensor) => {
      tensor.int(1, v.type); // elem_type
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          // TensorShapeProto.dim: dim_value (1) or dim_param (2)
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

function writeAttribute(w: ProtoWriter, a: Attribute): void {
  w.string(1, a.name);
  switch (a.kind) {
    case 'float': {
      // f is a fixed32 field (wire type 5), written by hand since the writer only knows varint/bytes.
      const buf = new Uint8Array(5);
      buf[0] = (2 << 3) | 5;
      new DataView(buf.buffer).setFloat32(1, a.value, true);
      w.rawBytes(buf);
      w.int(20, ATTR_FLOAT);
      break;
    }
    case 'int':
      w.int(3, a.value);
      w.int(20, ATTR_INT);
      break;
    case 'ints':
      for (const v of a.value) w.int(8, v); // repeated int64 ints (unpacked is always accepted)
      w.int(20, ATTR_INTS);
      break;
  }
}

function writeNode(w: ProtoWriter, n: Node): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, (attr) => writeAttribute(attr, a));
  if (n.domain) w.string(7, n.domain);
}

function writeGraph(w: ProtoWriter, g: Graph): void {
  for (const n of g.nodes) w.message(1, (node) => writeNode(node, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (tensor) => writeTensor(tensor, t));
  for (const i of g.inputs) w.message(11, (vi) => writeValueInfo(vi, i));
  for (const o of g.outputs) w.message(12, (vi) => writeValueInfo(vi, o));
}

export function encodeModel(m: Model): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, m.irVersion);
  w.string(2, m.producer);
  if (m.docString) w.string(6, m.docString);
  w.message(7, (graph) => writeGraph(graph, m.graph));
  for (const o of m.opsets) {
    w.message(8, (opset) => {
      opset.string(1, o.domain);
      opset.int(2, o.version);
    });
  }
  return w.finish();
}
