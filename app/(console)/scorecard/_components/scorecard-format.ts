// How the scorecard writes its numbers. Client-safe.
export const rate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10} %`);
export const count = (n: number) => n.toLocaleString();
/** Costs are in the site's currency units; the scorecard does not convert them. */
export const money = (v: number) => v.toLocaleString(undefined, { maximumFractionDigits: 0 });
export const minutes = (v: number) => (v >= 120 ? `${(v / 60).toLocaleString(undefined, { maximumFractionDigits: 1 })} h` : `${Math.round(v)} min`);
