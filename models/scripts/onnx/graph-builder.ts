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
/** onnxruntime's contrib operators (MatMulNBits); exporters import version 1 of this domain. */
export const MICROSOFT_DOMAIN = 'com.microsoft';

/** An attribute value: integers as they are, a float wrapped so it isn't mistaken for an integer. */
export type AttributeValue = number | number[] | { float: number };

export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly names = new Set<string>();

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

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** A constant of any element type from its little-endian bytes. */
  tensor(name: string, type: DataTypeId, dims: number[], raw: Uint8Array): string {
    if (this.names.has(name)) throw new Error(`${name} defined twice`);
    this.names.add(name);
    this.initializers.push({ name, type, dims, raw });
    return name;
  }

  floats(name: string, dims: number[], values: ArrayLike<number>): string {
    const data = new Float32Array(values);
    if (data.length !== dims.reduce((a, b) => a * b, 1))
      throw new Error(`${name}: ${data.length} values for ${dims}`);
    return this.tensor(name, DataType.FLOAT, dims, new Uint8Array(data.buffer));
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
    return this.tensor(name, DataType.INT64, [values.length], new Uint8Array(data.buffer));
  }

  /** Adds a node; its single output is named `out` (or after the node) and returned. */
  op(opType: string, inputs: string[], attrs: Record<string, AttributeValue> = {}, out?: string): string {
    const [output] = this.opOutputs(opType, inputs, 1, attrs, { out });
    return output as string;
  }

  /** Adds a node with `count` outputs (or a contrib op, with `domain`); returns the output names. */
  opOutputs(
    opType: string,
    inputs: string[],
    count: number,
    attrs: Record<string, AttributeValue> = {},
    options: { domain?: string; out?: string } = {},
  ): string[] {
    const name = `${opType.toLowerCase()}_${this.nodes.length}`;
    const outputs = Array.from({ length: count }, (_, i) =>
      i === 0 && options.out ? options.out : `${name}_out${i === 0 ? '' : i}`,
    );
    const attributes: Attribute[] = Object.entries(attrs).map(([key, value]) =>
      Array.isArray(value)
        ? { name: key, kind: 'ints', value }
        : typeof value === 'number'
          ? { name: key, kind: 'int', value }
          : { name: key, kind: 'float', value: value.float },
    );
    this.nodes.push({ opType, inputs, outputs, name, attributes, domain: options.domain });
    return outputs;
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

  encode(docString: string, producer = 'verdict-lens make-fixture'): Uint8Array {
    const contrib = this.nodes.some((n) => n.domain === MICROSOFT_DOMAIN);
    return encodeModel({
      graph: this.graph(),
      opsets: [
        { domain: '', version: OPSET },
        ...(contrib ? [{ domain: MICROSOFT_DOMAIN, version: 1 }] : []),
      ],
      irVersion: IR_VERSION,
      producer,
      docString,
    });
  }
}
