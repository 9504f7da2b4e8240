import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { getFeasibilityModel, getFeasibilityModelVersion } from '@/lib/decisions/feasibility/model';
import { readModelPointer } from '@/lib/ml/model-files';
import { dropServingCache, getServingVersions, SERVING_CACHE_MS } from '@/lib/models/get-serving-versions';
import { syncModelRegistry } from '@/lib/models/sync-model-registry';
import { setupPlant } from '@/lib/testing/fixtures';

const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');
const actor = { actorType: 'SYSTEM' as const, actorName: 'test' };

/** Makes @2 active as an approved promotion would leave the rows, without going through one. */
async function makeActive(version: number): Promise<void> {
  await db.modelVersion.updateMany({ where: { engine: 'feasibility', status: 'ACTIVE' }, data: { status: 'RETIRED', retiredAt: new Date() } });
  await db.modelVersion.update({ where: { engine_version: { engine: 'feasibility', version } }, data: { status: 'ACTIVE', promotedAt: new Date() } });
}

describe('serving selection', () => {
  beforeEach(async () => {
    await setupPlant();
    dropServingCache();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows the pointer file when the registry has no active version (a fresh database)', async () => {
    expect(await getServingVersions('feasibility')).toEqual({ engine: 'feasibility', active: null, shadows: [] });
    expect((await readModelPointer(MODELS_DIR, 'feasibility'))?.version).toBe(1);
    expect((await getFeasibilityModel()).version).toBe('feasibility@1');
  });

  it('serves the registry’s active version over the pointer file', async () => {
    await syncModelRegistry({ engine: 'feasibility', modelsDir: MODELS_DIR, actor });
    expect((await getFeasibilityModel()).version).toBe('feasibility@1');
    await makeActive(2);
    dropServingCache('feasibility');
    expect(await getServingVersions('feasibility')).toMatchObject({ active: 2, shadows: [] });
    const served = await getFeasibilityModel();
    expect(served.version).toBe('feasibility@2');
    // The same loaded model as asking for the version by number, and the pointer file did not move.
    expect(served).toBe(await getFeasibilityModelVersion(2));
    expect((await readModelPointer(MODELS_DIR, 'feasibility'))?.version).toBe(1);
    // A folder named explicitly is not the registry's: its pointer decides.
    expect((await getFeasibilityModel(MODELS_DIR)).version).toBe('feasibility@1');
  });

  it('lists versions in shadow beside the active one', async () => {
    await syncModelRegistry({ engine: 'feasibility', modelsDir: MODELS_DIR, actor });
    await db.modelVersion.update({ where: { engine_version: { engine: 'feasibility', version: 2 } }, data: { status: 'SHADOW', shadowSince: new Date() } });
    expect(await getServingVersions('feasibility')).toEqual({ engine: 'feasibility', active: 1, shadows: [2] });
  });

  it('keeps the selection for a few seconds, then reads the registry again (how another process sees a promotion)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await syncModelRegistry({ engine: 'feasibility', modelsDir: MODELS_DIR, actor });
    expect((await getServingVersions('feasibility')).active).toBe(1);
    await makeActive(2);
    vi.advanceTimersByTime(SERVING_CACHE_MS - 500);
    expect((await getServingVersions('feasibility')).active).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect((await getServingVersions('feasibility')).active).toBe(2);
    expect((await getFeasibilityModel()).version).toBe('feasibility@2');
  });

  it('keeps the version checks: a version with no files is UNAVAILABLE, as a missing pointer is', async () => {
    await expect(getFeasibilityModelVersion(99)).rejects.toThrow(/No feasibility model card at .*feasibility@99\.card\.json.*npm run train -- feasibility/);
  });
});
