// The optional JSON state file of the SAP and Oracle simulators: read and
// checked against the simulator's schema at start, written atomically after
// every change.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

/**
 * The file's content, or undefined when there is no file. label names the
 * simulator in errors, e.g. "ERP simulator".
 */
export function readSimStateFile<S extends z.ZodType>(file: string, schema: S, label: string): z.infer<S> | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${label} state file ${file} is not valid JSON; move it away to start fresh`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  // Refuse rather than overwrite: the file may hold a demo someone cares about.
  if (!parsed.success) throw new Error(`${label} state file ${file} has an unexpected shape; move it away to start fresh`);
  return parsed.data;
}

/** Writes to a temp file and renames it, so a crash never leaves half a file. */
export function writeSimStateFile(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(temp, file);
}
