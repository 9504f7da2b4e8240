import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { getUserPrincipal } from '@/lib/auth/session';
import { compareModelVersions } from '@/lib/scorecard/compare-model-versions';
import { parseCsv } from '@/lib/scorecard/csv';
import { exportScorecardCsv, SCORECARD_CSV_COLUMNS } from '@/lib/scorecard/export-scorecard-csv';
import { getScorecard } from '@/lib/scorecard/get-scorecard';
import { pagesOfLabelledExamples } from '@/lib/scorecard/read-labelled-examples';
import { gatewayPrincipal, principalFor, setupPlant } from '@/lib/testing/fixtures';

const NOW = new Date('2026-11-25T20:00:00Z');
const daysAgo = (d: number, hour = 0) => new Date(NOW.getTime() - d * 86_400_000 + hour * 3_600_000);
const errorCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

let lineIds: Record<string, string>;
let seq = 0;

/** A second site, with a line, that the demo users do not see. */
async function addOtherSite(): Promise<void> {
  await db.site.create({ data: { id: '2000', name: 'Other plant', timezone: 'Europe/Berlin' } });
  await db.line.create({ data: { siteId: '2000', code: 'X1', name: 'Other line' } });
}

async function loadLines(): Promise<void> {
  const lines = await db.line.findMany();
  lineIds = Object.fromEntries(lines.map((l) => [`${l.siteId}:${l.code}`, l.id]));
}

function exampleData(over: Partial<Prisma.LabelledExampleCreateManyInput> = {}): Prisma.LabelledExampleCreateManyInput {
  seq += 1;
  return {
    engine: 'feasibility',
    decisionType: 'ORDER_RELEASE',
    siteId: '1710',
    lineId: lineIds['1710:L1'],
    recommendationId: `rec-${seq}`,
    source: 'DECISION',
    modelVersion: 'feasibility@1',
    features: {},
    aiVerdict: 'FEASIBLE',
    aiAction: 'RELEASE_ORDER',
    aiScore: 0.9,
    aiConfidence: 0.85,
    outcome: 'APPROVE',
    humanAction: 'RELEASE_ORDER',
    label: 1,
    agreed: true,
    scoredAt: daysAgo(1),
    decidedAt: daysAgo(1),
    decidedByName: 'Sam Supervisor',
    ...over,
  };
}

const example = (over: Partial<Prisma.LabelledExampleCreateManyInput> = {}) => db.labelledExample.create({ data: exampleData(over) });

async function userScopedTo(scopes: { siteId: string; lineId: string | null }[]) {
  const user = await db.user.create({
    data: { email: `u${++seq}@interlock.local`, name: 'Scoped Viewer', passwordHash: 'x', role: 'VIEWER', scopes: { create: scopes } },
  });
  return (await getUserPrincipal(user.id))!;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

beforeEach(async () => {
  await setupPlant();
  await addOtherSite();
  await loadLines();
});

describe('getScorecard', () => {
  it('computes the figures of the window for the sites the principal sees', async () => {
    await example({ costValue: 100, costMinutes: 10 });
    await example({ outcome: 'REJECT', humanAction: 'HOLD_ORDER', agreed: false, reasonCode: 'SAFETY', costValue: 900, costMinutes: 50, decidedAt: daysAgo(2) });
    await example({ lineId: lineIds['1710:L2'], aiVerdict: 'AT_RISK', aiAction: 'DELAY_RELEASE', humanAction: 'DELAY_RELEASE', decidedAt: daysAgo(3) });
    await example({ source: 'OBSERVED', outcome: 'NOT_RELEASED', humanAction: 'HOLD_ORDER', agreed: false, decidedAt: daysAgo(4) });
    await example({ decidedAt: daysAgo(40) }); // outside the 30-day window
    await example({ siteId: '2000', lineId: lineIds['2000:X1'] }); // a site the supervisor does not see

    const supervisor = await principalFor('SUPERVISOR');
    const card = await getScorecard(supervisor, { days: 30 }, NOW);
    expect(card.groups.map((g) => g.siteId)).toEqual(['1710']);
    const g = card.groups[0];
    expect(g.timezone).toBe('America/Los_Angeles');
    expect(g.total).toMatchObject({ decisions: 4, agreements: 2, disagreements: 2, agreementRate: 0.5, criticalMisses: 1, unexplainedDeclines: 1 });
    expect(g.total.costValue).toEqual({ total: 1000, disagreement: 900, weightedAgreementRate: expect.closeTo(0.1, 10) });
    expect(g.bySource.DECISION.decisions).toBe(3);
    expect(g.bySource.OBSERVED.decisions).toBe(1);
    expect(g.byLine.map((r) => [r.label, r.decisions])).toEqual([
      ['L1', 3],
      ['L2', 1],
    ]);
    expect(g.byShift.reduce((s, r) => s + r.decisions, 0)).toBe(4);
    expect(g.recentCriticalMisses).toHaveLength(1);
    expect(card.options.sites).toEqual([{ id: '1710', name: 'Palo Alto Assembly' }]);

    expect(card.gates).toHaveLength(1);
    expect(card.gates[0]).toMatchObject({ decisionType: 'ORDER_RELEASE', siteId: '1710', mode: 'SUPERVISED', nextRung: 'AUTO', gateApplies: true, partialScope: false });
    expect(card.gates[0].evaluation.met).toBe(false);
    expect(card.gates[0].evaluation.conditions.map((c) => [c.key, c.passed, c.actual])).toEqual([
      ['decisions', false, 4],
      ['agreement', false, 0.5],
      ['criticalMisses', false, 1],
    ]);

    // A longer view takes the older example in; the gate keeps its own 30 days.
    const longer = await getScorecard(supervisor, { days: 60 }, NOW);
    expect(longer.groups[0].total.decisions).toBe(5);
    expect(longer.gates[0].evaluation.conditions[0].actual).toBe(4);
  });

  it('meets the gate with 50 agreeing decisions and no critical miss, and fails it on one critical miss', async () => {
    await db.labelledExample.createMany({ data: Array.from({ length: 50 }, (_, i) => exampleData({ decidedAt: daysAgo(1 + (i % 20)) })) });
    const admin = await principalFor('ADMIN');
    const met = await getScorecard(admin, { days: 30 }, NOW);
    expect(met.gates[0].evaluation.met).toBe(true);

    await example({ outcome: 'HOLD', humanAction: 'HOLD_ORDER', agreed: false, reasonCode: 'QUALITY_HOLD', decidedAt: daysAgo(29) });
    const missed = await getScorecard(admin, { days: 7 }, NOW);
    expect(missed.gates[0].evaluation.met).toBe(false);
    expect(missed.gates[0].evaluation.conditions.find((c) => c.key === 'criticalMisses')).toMatchObject({ passed: false, actual: 1 });
    // The 7-day view does not show the miss of 29 days ago, but the gate still counts it.
    expect(missed.groups[0].total.criticalMisses).toBe(0);
  });

  it('counts a recommendation once when a person decided it and it was also observed', async () => {
    await example({ recommendationId: 'rec-both', source: 'DECISION', agreed: true });
    await example({ recommendationId: 'rec-both', source: 'OBSERVED', outcome: 'NOT_RELEASED', humanAction: 'HOLD_ORDER', agreed: false });
    const card = await getScorecard(await principalFor('VIEWER'), { days: 30 }, NOW);
    expect(card.groups[0].total).toMatchObject({ decisions: 1, agreements: 1 });
    expect(card.groups[0].bySource.OBSERVED.decisions).toBe(0);
  });

  it('shows a line-scoped user only the lines they see, and says the gate is partial', async () => {
    await example({ lineId: lineIds['1710:L1'] });
    await example({ lineId: lineIds['1710:L2'], agreed: false, humanAction: 'HOLD_ORDER', outcome: 'REJECT' });
    await example({ siteId: '2000', lineId: lineIds['2000:X1'] });
    const lineUser = await userScopedTo([{ siteId: '1710', lineId: lineIds['1710:L2'] }]);
    const card = await getScorecard(lineUser, { days: 30 }, NOW);
    expect(card.groups).toHaveLength(1);
    expect(card.groups[0].total).toMatchObject({ decisions: 1, agreements: 0 });
    expect(card.gates[0].partialScope).toBe(true);

    const otherSite = await userScopedTo([{ siteId: '2000', lineId: null }]);
    const other = await getScorecard(otherSite, { days: 30 }, NOW);
    expect(other.groups.map((g) => [g.siteId, g.total.decisions])).toEqual([['2000', 1]]);
    expect(other.gates.map((g) => [g.siteId, g.mode])).toEqual([['2000', 'SUPERVISED']]);
  });

  it('filters by type and site, refuses a site outside the scope and a role without models.read', async () => {
    await example();
    const supervisor = await principalFor('SUPERVISOR');
    expect((await getScorecard(supervisor, { days: 30, siteId: '1710', type: 'ORDER_RELEASE' }, NOW)).groups).toHaveLength(1);
    await expect(getScorecard(supervisor, { days: 30, siteId: '2000' }, NOW)).rejects.toSatisfy(errorCode('NOT_FOUND'));
    await expect(getScorecard(await gatewayPrincipal(), { days: 30 }, NOW)).rejects.toSatisfy(errorCode('FORBIDDEN'));
  });

  it('answers with an empty scorecard, but a gate per type/site, when nothing was decided yet', async () => {
    const card = await getScorecard(await principalFor('ADMIN'), { days: 30 }, NOW);
    expect(card.groups).toEqual([]);
    expect(card.gates.map((g) => [g.siteId, g.evaluation.met, g.evaluation.conditions[0].actual])).toEqual([['1710', false, 0]]);
  });
});

describe('exportScorecardCsv', () => {
  it('writes one RFC 4180 record per example, quoting commas, quotes and line breaks', async () => {
    const edit = { verdict: 'AT_RISK', note: 'short 20 pcs, "urgent"\nsee shift log' };
    await example({ decidedByName: 'Supervisor, Sam', edit, costValue: 1234.5, costMinutes: 45, decidedAt: new Date('2026-11-24T15:30:00Z') });
    await example({ decidedByName: '=HYPERLINK("x")', source: 'OBSERVED', outcome: 'NOT_RELEASED', humanAction: 'HOLD_ORDER', agreed: false, reasonCode: 'SAFETY' });
    await example({ siteId: '2000', lineId: lineIds['2000:X1'] }); // not the supervisor's

    const { filename, stream } = await exportScorecardCsv(await principalFor('SUPERVISOR'), { days: 30 }, NOW);
    expect(filename).toBe('interlock-scorecard-all-types-all-sites-2026-10-26_2026-11-25.csv');
    const text = await readAll(stream);
    expect(text).toContain('"Supervisor, Sam"');
    const records = parseCsv(text);
    expect(records[0]).toEqual([...SCORECARD_CSV_COLUMNS]);
    expect(records).toHaveLength(1 + 2);
    const row = (i: number) => Object.fromEntries(SCORECARD_CSV_COLUMNS.map((c, j) => [c, records[i][j]]));
    expect(row(1)).toMatchObject({
      decided_at: '2026-11-24T15:30:00.000Z',
      site: '1710',
      line: 'L1',
      shift: 'EARLY', // 07:30 in Palo Alto
      decision_type: 'ORDER_RELEASE',
      model_version: 'feasibility@1',
      ai_confidence: '0.85',
      agreed: 'true',
      critical_miss: 'false',
      cost_value: '1234.5',
      cost_minutes: '45',
      decided_by: 'Supervisor, Sam',
      source: 'DECISION',
      reason_code: '',
    });
    expect(JSON.parse(row(1).edit)).toEqual(edit);
    expect(row(2)).toMatchObject({ decided_by: `'=HYPERLINK("x")`, critical_miss: 'true', agreed: 'false', source: 'OBSERVED', cost_value: '' });
  });

  it('pages through a large window, ties on the same instant included, and keeps both sources', async () => {
    const at = daysAgo(2);
    await db.labelledExample.createMany({ data: Array.from({ length: 2345 }, () => exampleData({ decidedAt: at })) });
    await example({ recommendationId: 'rec-both', source: 'DECISION' });
    await example({ recommendationId: 'rec-both', source: 'OBSERVED', outcome: 'RELEASED' });
    const { stream } = await exportScorecardCsv(await principalFor('ADMIN'), { days: 30, type: 'ORDER_RELEASE', siteId: '1710' }, NOW);
    const records = parseCsv(await readAll(stream));
    expect(records).toHaveLength(1 + 2345 + 2);
    // No row twice across page boundaries.
    const ids = new Set(records.slice(1).map((r) => `${r[5]}:${r[19]}`));
    expect(ids.size).toBe(2345 + 2);
    // Small pages cross many boundaries inside the tie, and still give each row exactly once.
    const paged: string[] = [];
    for await (const page of pagesOfLabelledExamples({ scope: Prisma.sql`(e."siteId" = ${'1710'})`, since: daysAgo(30), until: NOW }, 100)) paged.push(...page.map((r) => r.id));
    expect(paged).toHaveLength(2345 + 2);
    expect(new Set(paged).size).toBe(2345 + 2);
    // The scorecard reads the same window through its cursor in batches, counting the doubly labelled recommendation once.
    const card = await getScorecard(await principalFor('ADMIN'), { days: 30 }, NOW);
    expect(card.groups[0].total.decisions).toBe(2345 + 1);
  });

  it('refuses a site outside the scope before writing anything', async () => {
    await expect(exportScorecardCsv(await principalFor('SUPERVISOR'), { days: 30, siteId: '2000' }, NOW)).rejects.toSatisfy(errorCode('NOT_FOUND'));
  });
});

describe('compareModelVersions', () => {
  async function registerVersion(version: number, status: 'ACTIVE' | 'SHADOW' | 'RETIRED') {
    await db.modelVersion.create({
      data: { engine: 'feasibility', version, file: `feasibility@${version}.onnx`, sha256: String(version).repeat(64).slice(0, 64), features: [], metrics: {}, trainedAt: daysAgo(60), status },
    });
  }

  async function recommendation(siteId = '1710') {
    const rec = await db.recommendation.create({
      data: {
        type: 'ORDER_RELEASE',
        siteId,
        status: 'APPROVED',
        verdict: 'FEASIBLE',
        recommendedAction: 'RELEASE_ORDER',
        score: 0.9,
        confidence: 0.9,
        findings: [],
        evidence: {},
        proposedAction: {},
        modelVersion: 'feasibility@1',
        source: 'ERP_SYNC',
        summary: 'test',
        impactAt: NOW,
        expiresAt: NOW,
      },
    });
    return rec.id;
  }

  async function scored(opts: { human: string; outcome?: string; reason?: string; active: string; shadow: string; cost: number; siteId?: string; decided?: boolean }) {
    const id = await recommendation(opts.siteId);
    await db.modelPrediction.createMany({
      data: [
        { recommendationId: id, engine: 'feasibility', modelVersion: 'feasibility@1', role: 'SERVED', probability: 0.9, verdict: 'FEASIBLE', recommendedAction: opts.active, score: 0.9, confidence: 0.9 },
        { recommendationId: id, engine: 'feasibility', modelVersion: 'feasibility@2', role: 'SHADOW', probability: 0.5, verdict: 'AT_RISK', recommendedAction: opts.shadow, score: 0.5, confidence: 0.6 },
      ],
    });
    if (opts.decided !== false) {
      await example({
        recommendationId: id,
        siteId: opts.siteId ?? '1710',
        lineId: opts.siteId === '2000' ? lineIds['2000:X1'] : lineIds['1710:L1'],
        humanAction: opts.human,
        outcome: opts.outcome ?? (opts.human === 'RELEASE_ORDER' ? 'APPROVE' : 'REJECT'),
        reasonCode: opts.reason ?? null,
        agreed: opts.human === opts.active,
        aiAction: opts.active,
        costValue: opts.cost,
      });
    }
  }

  it('measures each version against people on the same recommendations, and the active/shadow pairs', async () => {
    await registerVersion(1, 'ACTIVE');
    await registerVersion(2, 'SHADOW');
    await scored({ human: 'RELEASE_ORDER', active: 'RELEASE_ORDER', shadow: 'RELEASE_ORDER', cost: 100 }); // both agree
    await scored({ human: 'HOLD_ORDER', reason: 'SAFETY', active: 'RELEASE_ORDER', shadow: 'HOLD_ORDER', cost: 1000 }); // only shadow; active misses critically
    await scored({ human: 'RELEASE_ORDER', active: 'RELEASE_ORDER', shadow: 'DELAY_RELEASE', cost: 10 }); // only active
    await scored({ human: 'DELAY_RELEASE', outcome: 'HOLD', active: 'RELEASE_ORDER', shadow: 'HOLD_ORDER', cost: 1 }); // neither
    await scored({ human: 'RELEASE_ORDER', active: 'RELEASE_ORDER', shadow: 'RELEASE_ORDER', cost: 5, decided: false }); // not decided: left out
    await scored({ human: 'HOLD_ORDER', active: 'RELEASE_ORDER', shadow: 'HOLD_ORDER', cost: 5, siteId: '2000' }); // outside the scope

    const comparison = await compareModelVersions(await principalFor('ADMIN'), 'feasibility', { days: 30 }, NOW);
    expect(comparison.siteIds).toEqual(['1710']);
    expect(comparison.versions.map((v) => [v.modelId, v.status, v.served, v.shadow])).toEqual([
      ['feasibility@2', 'SHADOW', 0, 4],
      ['feasibility@1', 'ACTIVE', 4, 0],
    ]);
    const [shadow, active] = comparison.versions;
    expect(active.tally).toMatchObject({ decisions: 4, agreements: 2, criticalMisses: 1 });
    expect(active.tally.costValue).toEqual({ total: 1111, disagreement: 1001, weightedAgreementRate: expect.closeTo(110 / 1111, 10) });
    expect(shadow.tally).toMatchObject({ decisions: 4, agreements: 2, criticalMisses: 0 });
    expect(shadow.tally.costValue.disagreement).toBe(11);
    expect(comparison.pairs).toEqual([
      {
        active: 'feasibility@1',
        shadow: 'feasibility@2',
        recommendations: 4,
        bothAgree: 1,
        onlyActiveAgrees: 1,
        onlyShadowAgrees: 1,
        neitherAgrees: 1,
        activeAgreementRate: 0.5,
        shadowAgreementRate: 0.5,
        activeCriticalMisses: 1,
        shadowCriticalMisses: 0,
      },
    ]);
    // The evidence a promotion request stores: plain JSON, unchanged by a round trip.
    expect(JSON.parse(JSON.stringify(comparison))).toEqual(comparison);
  });

  it('lists active and shadow versions with nothing decided yet, and refuses an unknown engine', async () => {
    await registerVersion(1, 'ACTIVE');
    await registerVersion(3, 'SHADOW');
    await registerVersion(2, 'RETIRED');
    const comparison = await compareModelVersions(await principalFor('VIEWER'), 'feasibility', { days: 30 }, NOW);
    expect(comparison.versions.map((v) => [v.modelId, v.tally.decisions])).toEqual([
      ['feasibility@3', 0],
      ['feasibility@1', 0],
    ]);
    expect(comparison.pairs).toEqual([]);
    await expect(compareModelVersions(await principalFor('VIEWER'), 'nope', { days: 30 }, NOW)).rejects.toSatisfy(errorCode('NOT_FOUND'));
  });
});
