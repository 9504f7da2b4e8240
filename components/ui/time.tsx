'use client';

import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from '@/components/ui/format';

/** The current time, re-read every `intervalMs`, so relative times stay honest on a screen left open all shift. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/** A relative time with the absolute one on hover; red once it has passed when `warnWhenPast`. */
export function RelativeTime({ iso, warnWhenPast = false, now }: { iso: string; warnWhenPast?: boolean; now?: number }) {
  const ticking = useNow();
  const at = now ?? ticking;
  const past = new Date(iso).getTime() < at;
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={warnWhenPast && past ? 'impact--past' : undefined}>
      {formatRelative(iso, at)}
    </time>
  );
}
