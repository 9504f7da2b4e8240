import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { syncModelRegistry } from '@/lib/models/sync-model-registry';
import { setupPlant } from '@/lib/testing/fixtures';

const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');
const actor = { actorType: 'SYSTEM' as const, actorName: 'test' };

describe('syncModelRegistry', () => {
  let dir: string;

  beforeEach(async () => {
    await setupPlant();
    dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-sync-'));
    for (const name of ['feasibility.current.json', 'feasibility@1.card.json', 'feasibility@1.onnx', 'feasibility@1.trees.json']) {
      await copyFile(path.join(MODELS_DIR, name), path.join(dir, name));
    }
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('registers the current version ACTIVE with a profile rebuilt from its data, and does nothing the second time', async () => {
    const first = await syncModelRegistry({ engine: 'feasibility', modelsDir: dir, actor });
    expect(first).toEqual([{ modelId: 'feasibility@1', status: 'ACTIVE', created: true, profile: 'rebuilt', note: null }]);
    const again = await syncModelRegistry({ engine: 'feasibility', modelsDir: dir, actor });
    expect(again[0]).toMatchObject({ created: false, status: 'ACTIVE' });
    expect(await db.modelVersion.count()).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'model.registered' } })).toBe(1);
  });

  it('registers the committed versions: the pointer’s ACTIVE, the others candidates', async () => {
    const synced = await syncModelRegistry({ engine: 'feasibility', modelsDir: MODELS_DIR, actor });
    expect(synced[0]).toMatchObject({ modelId: 'feasibility@1', status: 'ACTIVE' });
    synced.slice(1).forEach((v) => expect(v).toMatchObject({ status: 'CANDIDATE', profile: 'card' }));
  });

  it('reports, and does not resolve, a pointer that disagrees with the registry’s active version', async () => {
    await syncModelRegistry({ engine: 'feasibility', modelsDir: dir, actor });
    // Someone points the files at another version by hand.
    const card = JSON.parse(await readFile(path.join(dir, 'feasibility@1.card.json'), 'utf8')) as Record<string, unknown>;
    for (const ext of ['onnx', 'trees.json']) await copyFile(path.join(dir, `feasibility@1.${ext}`), path.join(dir, `feasibility@3.${ext}`));
    await writeFile(
      path.join(dir, 'feasibility@3.card.json'),
      JSON.stringify({ ...card, version: 3, id: 'feasibility@3', files: { onnx: 'feasibility@3.onnx', trees: 'feasibility@3.trees.json' }, sha256: 'b'.repeat(64) }),
    );
    await writeFile(path.join(dir, 'feasibility.current.json'), JSON.stringify({ version: 3, file: 'feasibility@3.onnx' }));
    const synced = await syncModelRegistry({ engine: 'feasibility', modelsDir: dir, actor });
    expect(synced[1]).toMatchObject({ modelId: 'feasibility@3', status: 'CANDIDATE', created: true });
    expect(synced[1].note).toMatch(/feasibility@1 is already active/);
    expect(await db.modelVersion.count({ where: { status: 'ACTIVE' } })).toBe(1);
  });
});
