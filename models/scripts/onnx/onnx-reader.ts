/**
 * Reads back what tests and the bench need from an ONNX file: each node's operator (with its domain), and each
 * initializer's name, element type and size. A minimal protobuf walk over the fields onnx-proto.ts writes.
 */

export interface OnnxSummary {
  /** 'MatMulNBits' or 'com.microsoft:MatMulNBits' → how many nodes. */
  operators: Map<string, number>;
  initializers: { name: string; type: number; dims: number[]; bytes: number }[];
}

function varint(buf: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  let byte: number;
  let p = at;
  do {
    byte = buf[p++] as number;
    value += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte & 0x80);
  return [value, p];
}

type Field = { field: number; wire: number; value: number; start: number; end: number };

function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let p = start;
  while (p < end) {
    const [tag, afterTag] = varint(buf, p);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [value, next] = varint(buf, afterTag);
      yield { field, wire, value, start: afterTag, end: next };
      p = next;
    } else if (wire === 2) {
      const [length, next] = varint(buf, afterTag);
      yield { field, wire, value: length, start: next, end: next + length };
      p = next + length;
    } else if (wire === 5) {
      yield { field, wire, value: 0, start: afterTag, end: afterTag + 4 };
      p = afterTag + 4;
    } else if (wire === 1) {
      yield { field, wire, value: 0, start: afterTag, end: afterTag + 8 };
      p = afterTag + 8;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
}

const text = (buf: Uint8Array, f: Field) => new TextDecoder().decode(buf.subarray(f.start, f.end));

export function summariseOnnx(buf: Uint8Array): OnnxSummary {
  const operators = new Map<string, number>();
  const initializers: OnnxSummary['initializers'] = [];
  for (const model of fields(buf, 0, buf.length)) {
    if (model.field !== 7 || model.wire !== 2) continue; // ModelProto.graph
    for (const graph of fields(buf, model.start, model.end)) {
      if (graph.wire !== 2) continue;
      if (graph.field === 1) {
        let op = '';
        let domain = '';
        for (const node of fields(buf, graph.start, graph.end)) {
          if (node.field === 4 && node.wire === 2) op = text(buf, node);
          if (node.field === 7 && node.wire === 2) domain = text(buf, node);
        }
        const key = domain ? `${domain}:${op}` : op;
        operators.set(key, (operators.get(key) ?? 0) + 1);
      } else if (graph.field === 5) {
        let name = '';
        let type = 0;
        let bytes = 0;
        const dims: number[] = [];
        for (const tensor of fields(buf, graph.start, graph.end)) {
          if (tensor.field === 1 && tensor.wire === 2) {
            for (let p = tensor.start; p < tensor.end; ) {
              const [dim, next] = varint(buf, p);
              dims.push(dim);
              p = next;
            }
          }
          if (tensor.field === 1 && tensor.wire === 0) dims.push(tensor.value);
          if (tensor.field === 2 && tensor.wire === 0) type = tensor.value;
          if (tensor.field === 8 && tensor.wire === 2) name = text(buf, tensor);
          if (tensor.field === 9 && tensor.wire === 2) bytes = tensor.end - tensor.start;
        }
        initializers.push({ name, type, dims, bytes });
      }
    }
  }
  return { operators, initializers };
}
