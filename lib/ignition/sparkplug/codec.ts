// Sparkplug B payloads (Eclipse Tahu protobuf, spec §6) to and from plain
// values. The protobuf classes come from the sparkplug-payload package's
// generated module; its own encode/decode helpers are not used because they
// read a metric's value through its datatype, and DATA messages may omit the
// datatype (spec: "should be omitted"): the host must use the datatype learned
// from the BIRTH instead, which is what interpretValue does. Vendor types stay
// in this folder.
import protoRoot from 'sparkplug-payload/lib/sparkplugPayloadProto.js';

const { Payload } = protoRoot.org.eclipse.tahu.protobuf;

/** Sparkplug DataType codes (spec §6.4.16) used by this product. */
export const DataType = {
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
  UUID: 15,
  Bytes: 17,
} as const;

export type MetricValue = number | boolean | string | Uint8Array | null;

/** The proto field that carried a value (the `value` oneof). */
export type ValueField = 'intValue' | 'longValue' | 'floatValue' | 'doubleValue' | 'booleanValue' | 'stringValue' | 'bytesValue' | 'other' | 'none';

export interface DecodedMetric {
  name: string | null;
  alias: number | null;
  timestamp: number | null;
  datatype: number | null;
  isNull: boolean;
  field: ValueField;
  /** As on the wire: 64-bit values as decimal strings, to be read with a datatype by interpretValue. */
  raw: unknown;
}

export interface DecodedPayload {
  timestamp: number | null;
  seq: number | null;
  metrics: DecodedMetric[];
}

interface ProtoMetricObject {
  name?: string;
  alias?: string;
  timestamp?: string;
  datatype?: number;
  isNull?: boolean;
  value?: string;
  [field: string]: unknown;
}

const KNOWN_FIELDS = new Set<ValueField>(['intValue', 'longValue', 'floatValue', 'doubleValue', 'booleanValue', 'stringValue', 'bytesValue']);

/** Throws on bytes that are not a Sparkplug B payload. */
export function decodeSparkplugPayload(bytes: Uint8Array): DecodedPayload {
  const message = Payload.decode(bytes);
  const obj = Payload.toObject(message, { longs: String, bytes: Array, oneofs: true }) as { timestamp?: string; seq?: string; metrics?: ProtoMetricObject[] };
  return {
    timestamp: obj.timestamp != null ? Number(obj.timestamp) : null,
    seq: obj.seq != null ? Number(obj.seq) : null,
    metrics: (obj.metrics ?? []).map((m) => {
      const field: ValueField = m.value ? (KNOWN_FIELDS.has(m.value as ValueField) ? (m.value as ValueField) : 'other') : 'none';
      const raw = field === 'bytesValue' ? Uint8Array.from(m.bytesValue as number[]) : field !== 'none' && field !== 'other' ? m[field] : null;
      return {
        name: m.name ?? null,
        alias: m.alias != null ? Number(m.alias) : null,
        timestamp: m.timestamp != null ? Number(m.timestamp) : null,
        datatype: m.datatype ?? null,
        isNull: m.isNull === true,
        field,
        raw,
      };
    }),
  };
}

/**
 * A metric's value read with its datatype (from the message, else from the
 * BIRTH). 8/16/32-bit signed integers travel as two's complement in a uint32;
 * 64-bit ones in a uint64. Values without a plain scalar meaning (DataSet,
 * Template, arrays) read as null.
 */
export function interpretValue(datatype: number | null, field: ValueField, raw: unknown): MetricValue {
  if (field === 'none' || field === 'other' || raw == null) return null;
  const asNumber = () => (typeof raw === 'string' ? Number(raw) : (raw as number));
  switch (datatype) {
    case DataType.Int8:
      return (asNumber() << 24) >> 24;
    case DataType.Int16:
      return (asNumber() << 16) >> 16;
    case DataType.Int32:
      return asNumber() | 0;
    case DataType.Int64:
      return Number(BigInt.asIntN(64, BigInt(String(raw))));
    case DataType.UInt8:
    case DataType.UInt16:
    case DataType.UInt32:
    case DataType.UInt64:
    case DataType.DateTime:
      return asNumber();
    case DataType.Float:
    case DataType.Double:
      return asNumber();
    case DataType.Boolean:
      return Boolean(raw);
    case DataType.String:
    case DataType.Text:
    case DataType.UUID:
      return String(raw);
    case DataType.Bytes:
      return raw instanceof Uint8Array ? raw : null;
    case null:
    case undefined:
      // No datatype known: read the field as it is.
      if (field === 'longValue' || field === 'intValue') return asNumber();
      return raw as MetricValue;
    default:
      return null;
  }
}

export interface MetricToEncode {
  name?: string;
  alias?: number;
  timestamp: number;
  datatype: number;
  value: MetricValue;
}

function valueFields(datatype: number, value: MetricValue): Record<string, unknown> {
  if (value === null) return { isNull: true };
  switch (datatype) {
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
      return { intValue: (value as number) >>> 0 };
    case DataType.UInt8:
    case DataType.UInt16:
    case DataType.UInt32:
      return { intValue: value as number };
    case DataType.Int64:
      return { longValue: BigInt.asUintN(64, BigInt(Math.trunc(value as number))).toString() };
    case DataType.UInt64:
    case DataType.DateTime:
      return { longValue: String(Math.trunc(value as number)) };
    case DataType.Float:
      return { floatValue: value };
    case DataType.Double:
      return { doubleValue: value };
    case DataType.Boolean:
      return { booleanValue: value };
    case DataType.String:
    case DataType.Text:
    case DataType.UUID:
      return { stringValue: value };
    case DataType.Bytes:
      return { bytesValue: value };
    default:
      throw new Error(`datatype ${datatype} is not supported by this encoder`);
  }
}

/**
 * Encodes a payload. `withDatatypes: false` leaves the datatype out, as the
 * spec recommends for DATA and CMD messages (BIRTHs must carry it).
 */
export function encodeSparkplugPayload(payload: { timestamp: number; seq?: number; metrics: MetricToEncode[] }, options: { withDatatypes?: boolean } = {}): Uint8Array {
  const withDatatypes = options.withDatatypes ?? true;
  const message = Payload.fromObject({
    timestamp: String(payload.timestamp),
    ...(payload.seq !== undefined ? { seq: String(payload.seq) } : {}),
    metrics: payload.metrics.map((m) => ({
      ...(m.name !== undefined ? { name: m.name } : {}),
      ...(m.alias !== undefined ? { alias: String(m.alias) } : {}),
      timestamp: String(m.timestamp),
      ...(withDatatypes ? { datatype: m.datatype } : {}),
      ...valueFields(m.datatype, m.value),
    })),
  });
  return Payload.encode(message).finish();
}
