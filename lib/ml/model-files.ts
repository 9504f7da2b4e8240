// The models folder: <engine>@<n>.onnx, .card.json and .trees.json per
// version, and <engine>.current.json naming the version the engine scores
// with. Used by the trainers, the registry backfill and the benchmark; the
// API's loaders read single files themselves.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { modelCardSchema, modelPointerSchema, parseCardFileName, pointerFileName, type ModelCard, type ModelPointer } from '@/lib/ml/model-card';

/** One above the highest version of the engine in the folder (1 for the first). */
export async function nextModelVersion(modelsDir: string, engine: string): Promise<number> {
  const names = await readdir(modelsDir).catch(() => [] as string[]);
  const versions = names
    .map(parseCardFileName)
    .filter((c) => c !== null && c.engine === engine)
    .map((c) => c!.version);
  return versions.length === 0 ? 1 : Math.max(...versions) + 1;
}

/** The current pointer, or null when the engine has none yet. */
export async function readModelPointer(modelsDir: string, engine: string): Promise<ModelPointer | null> {
  let text: string;
  try {
    text = await readFile(path.join(modelsDir, pointerFileName(engine)), 'utf8');
  } catch {
    return null;
  }
  return modelPointerSchema.parse(JSON.parse(text));
}

export async function writeModelPointer(modelsDir: string, engine: string, pointer: ModelPointer): Promise<string> {
  const file = path.join(modelsDir, pointerFileName(engine));
  await writeFile(file, `${JSON.stringify(modelPointerSchema.parse(pointer), null, 2)}\n`);
  return file;
}

export interface CardFile {
  file: string;
  card: ModelCard;
}

/** Every valid model card in the folder, by engine then version; a card that does not parse is an error. */
export async function listModelCards(modelsDir: string, engine?: string): Promise<CardFile[]> {
  const names = await readdir(modelsDir).catch(() => [] as string[]);
  const cards: CardFile[] = [];
  for (const name of names.sort()) {
    const parsed = parseCardFileName(name);
    if (!parsed || (engine && parsed.engine !== engine)) continue;
    const file = path.join(modelsDir, name);
    const result = modelCardSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!result.success) throw new Error(`${file} is not a valid model card: ${result.error.issues[0]?.message}`);
    if (result.data.engine !== parsed.engine || result.data.version !== parsed.version) {
      throw new Error(`${file} describes ${result.data.id}`);
    }
    cards.push({ file, card: result.data });
  }
  return cards.sort((a, b) => a.card.engine.localeCompare(b.card.engine) || a.card.version - b.card.version);
}
