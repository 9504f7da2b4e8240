import { describe, expect, it } from 'vitest';
import { isPostingReference, postingReference, REFERENCE_LENGTH } from '@/lib/posting/posting-reference';

describe('posting reference', () => {
  it('is stable, fits SAP header text (25) and differs per decision', () => {
    const a = postingReference('cmww1207u0018yi7dpzg2qmrc');
    expect(a).toBe(postingReference('cmww1207u0018yi7dpzg2qmrc'));
    expect(a).toHaveLength(REFERENCE_LENGTH);
    expect(a.length).toBeLessThanOrEqual(25);
    expect(isPostingReference(a)).toBe(true);
    const many = new Set(Array.from({ length: 5000 }, (_, i) => postingReference(`decision-${i}`)));
    expect(many.size).toBe(5000);
  });
});
