/**
 * Just enough protocol buffers to read an ONNX file's graph and add to it without decoding its weights: a walk over
 * one message's fields (the initializers are skipped by their length, never copied) and the encoding of a
 * length-delimited field. ONNX's message and field numbers are named where they are used (onnx.proto3).
 */

/** One field of a message: its number, wire type, and where its value lies in the buffer. */
export interface ProtoField {
  field: number;
  wire: number;
  /** A varint field's value; a length-delimited field's length. */
  value: number;
  /** Where the field's tag starts (so a field can be copied whole). */
  tagStart: number;
  /** Where its value starts and ends. */
  start: number;
  end: number;
}

/** The varint at `at`, and where the next value starts. */
export function readVarint(buf: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  let p = at;
  for (;;) {
    if (p >= buf.length) throw new Error('truncated protobuf varint');
    const byte = buf[p++] as number;
    // Numbers read here are lengths, tags and small enums: exact below 2^53. A negative int64 (ten bytes) only
    // needs to be skipped, and the sum stays finite.
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (!(byte & 0x80)) return [value, p];
  }
}

/** The fields of the message in `buf[start, end)`, in order. Throws on a malformed or unknown encoding. */
export function* protoFields(buf: Uint8Array, start = 0, end = buf.length): Generator<ProtoField> {
  let p = start;
  while (p < end) {
    const tagStart = p;
    const [tag, afterTag] = readVarint(buf, p);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let found: ProtoField;
    if (wire === 0) {
      const [value, next] = readVarint(buf, afterTag);
      found = { field, wire, value, tagStart, start: afterTag, end: next };
    } else if (wire === 2) {
      const [length, next] = readVarint(buf, afterTag);
      found = { field, wire, value: length, tagStart, start: next, end: next + length };
    } else if (wire === 1 || wire === 5) {
      const width = wire === 1 ? 8 : 4;
      found = { field, wire, value: 0, tagStart, start: afterTag, end: afterTag + width };
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
    if (found.end > end) throw new Error('truncated protobuf field');
    yield found;
    p = found.end;
  }
}

const decoder = new TextDecoder();

export function fieldText(buf: Uint8Array, f: ProtoField): string {
  return decoder.decode(buf.subarray(f.start, f.end));
}

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** The tag and length that start a length-delimited field of `length` bytes. */
export function fieldHeader(field: number, length: number): Uint8Array {
  return Uint8Array.from([...varintBytes(field * 8 + 2), ...varintBytes(length)]);
}

/** A length-delimited field (a string or an embedded message) as bytes. */
export function lengthDelimited(field: number, value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return concatBytes([fieldHeader(field, bytes.length), bytes]);
}

/** A varint field as bytes. */
export function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varintBytes(field * 8), ...varintBytes(value)]);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
