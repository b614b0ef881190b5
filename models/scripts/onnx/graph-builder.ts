/** Small helper to assemble an ONNX graph node by node with readable, deterministic tensor names. */
import {
  type Attribute,
  DataType,
  type DataTypeId,
  type Dim,
  encodeModel,
  type Graph,
  type Node,
  type Tensor,
  type ValueInfo,
} from './onnx-proto.ts';

/** Opset 17 (IR version 8): ReduceSum takes axes as an input, ReduceMean/ReduceMax as an attribute. */
export const OPSET = 17;
const IR_VERSION = 8;

export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];

  constructor(private readonly name: string) {}

  input(name: string, type: DataTypeId, shape: Dim[]): string {
    this.inputs.push({ name, type, shape });
    return name;
  }

  /** Declares `source` as a graph output named `name` (through Identity when the names differ). */
  output(name: string, source: string, type: DataTypeId, shape: Dim[]): void {
    if (source !== name) this.op('Identity', [source], {}, name);
    this.outputs.push({ name, type, shape });
  }

  floats(name: string, dims: number[], values: ArrayLike<number>): string {
    const data = new Float32Array(values);
    if (data.length !== dims.reduce((a, b) => a * b, 1))
      throw new Error(`${name}: ${data.length} values for ${dims}`);
    this.initializers.push({ name, type: DataType.FLOAT, dims, raw: new Uint8Array(data.buffer) });
    return name;
  }

  /** An int64 vector constant; asking again for the same name and values reuses it. */
  int64s(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    const existing = this.initializers.find((t) => t.name === name);
    if (existing) {
      if (Buffer.compare(existing.raw, new Uint8Array(data.buffer)) !== 0)
        throw new Error(`${name} redefined`);
      return name;
    }
    this.initializers.push({
      name,
      type: DataType.INT64,
      dims: [values.length],
      raw: new Uint8Array(data.buffer),
    });
    return name;
  }

  /** Adds a node; its single output is named `out` (or after the node) and returned. */
  op(opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}, out?: string): string {
    const name = `${opType.toLowerCase()}_${this.nodes.length}`;
    const output = out ?? `${name}_out`;
    const attributes: Attribute[] = Object.entries(attrs).map(([key, value]) =>
      Array.isArray(value) ? { name: key, kind: 'ints', value } : { name: key, kind: 'int', value },
    );
    this.nodes.push({ opType, inputs, outputs: [output], name, attributes });
    return output;
  }

  graph(): Graph {
    return {
      name: this.name,
      nodes: this.nodes,
      initializers: this.initializers,
      inputs: this.inputs,
      outputs: this.outputs,
    };
  }

  encode(docString: string): Uint8Array {
    return encodeModel({
      graph: this.graph(),
      opset: OPSET,
      irVersion: IR_VERSION,
      producer: 'verdict-lens make-fixture',
      docString,
    });
  }
}
