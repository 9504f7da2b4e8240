export function Spinner({ label = 'Loading', large = false }: { label?: string; large?: boolean }) {
  return <span className={large ? 'spinner spinner--large' : 'spinner'} role="status" aria-label={label} />;
}

/** A grey placeholder bar; widths vary so a loading list does not look like a table of equal bricks. */
export function Skeleton({ width = '100%', height }: { width?: string; height?: number }) {
  return <span className="skeleton" style={{ width, height }} aria-hidden="true" />;
}
