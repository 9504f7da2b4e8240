import { createHash } from 'node:crypto';

/** Hex SHA-256, the form model cards record for their .onnx file. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
