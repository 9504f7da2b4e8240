// How the model page writes numbers. Client-safe.
export const fixed = (value: number | null | undefined, digits = 3) => (value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
export const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value * 100)} %`);
export const dateOnly = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
