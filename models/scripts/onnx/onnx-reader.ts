/**
 * Reads back what tests and the bench need from an ONNX file: each node's operator (with its domain), and each
 * initializer's name, element type and size, walking the fields onnx-proto.ts writes with the engine's own
 * protobuf walk (src/inference/kept-cache/onnx-fields.ts).
 */
import { fieldText, protoFields, readVarint } from '../../../src/inference/kept-cache/onnx-fields.ts';

export interface OnnxSummary {
  /** 'MatMulNBits' or 'com.microsoft:MatMulNBits' → how many nodes. */
  operators: Map<string, number>;
  initializers: { name: string; type: number; dims: number[]; bytes: number }[];
}

export function summariseOnnx(buf: Uint8Array): OnnxSummary {
  const operators = new Map<string, number>();
  const initializers: OnnxSummary['initializers'] = [];
  for (const model of protoFields(buf, 0, buf.length)) {
    if (model.field !== 7 || model.wire !== 2) continue; // ModelProto.graph
    for (const graph of protoFields(buf, model.start, model.end)) {
      if (graph.wire !== 2) continue;
      if (graph.field === 1) {
        let op = '';
        let domain = '';
        for (const node of protoFields(buf, graph.start, graph.end)) {
          if (node.field === 4 && node.wire === 2) op = fieldText(buf, node);
          if (node.field === 7 && node.wire === 2) domain = fieldText(buf, node);
        }
        const key = domain ? `${domain}:${op}` : op;
        operators.set(key, (operators.get(key) ?? 0) + 1);
      } else if (graph.field === 5) {
        let name = '';
        let type = 0;
        let bytes = 0;
        const dims: number[] = [];
        for (const tensor of protoFields(buf, graph.start, graph.end)) {
          if (tensor.field === 1 && tensor.wire === 2) {
            for (let p = tensor.start; p < tensor.end; ) {
              const [dim, next] = readVarint(buf, p);
              dims.push(dim);
              p = next;
            }
          }
          if (tensor.field === 1 && tensor.wire === 0) dims.push(tensor.value);
          if (tensor.field === 2 && tensor.wire === 0) type = tensor.value;
          if (tensor.field === 8 && tensor.wire === 2) name = fieldText(buf, tensor);
          if (tensor.field === 9 && tensor.wire === 2) bytes = tensor.end - tensor.start;
        }
        initializers.push({ name, type, dims, bytes });
      }
    }
  }
  return { operators, initializers };
}
