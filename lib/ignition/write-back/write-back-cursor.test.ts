import { describe, expect, it } from 'vitest';
import { advanceCursor, missedRows, START_CURSOR } from '@/lib/ignition/write-back/write-back-cursor';

const t = (ms: number) => new Date(1_700_000_000_000 + ms);

describe('write-back cursor', () => {
  it('moves to the newest sent row and remembers the rows of the look-back window', () => {
    const c = advanceCursor(START_CURSOR, [{ key: 'b', at: t(1000) }, { key: 'a', at: t(1000) }, { key: 'z', at: t(10) }], 500);
    expect(c.at).toEqual(t(1000));
    expect(c.lastKey).toBe('b');
    expect(c.recent.sort()).toEqual([`a@${t(1000).getTime()}`, `b@${t(1000).getTime()}`]);
  });

  it('finds a row committed late behind the cursor once, and a row changed again', () => {
    const c = advanceCursor(START_CURSOR, [{ key: 'a', at: t(1000) }], 5000);
    const late = { key: 'x', at: t(900) };
    expect(missedRows(c, [{ key: 'a', at: t(1000) }, late])).toEqual([late]);
    const c2 = advanceCursor(c, [late], 5000);
    expect(c2.at).toEqual(t(1000));
    expect(missedRows(c2, [{ key: 'a', at: t(1000) }, late])).toEqual([]);
  });
});
