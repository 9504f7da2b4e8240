import type { ReactNode } from 'react';

/**
 * A table that never scrolls sideways: with `stack`, rows turn into labelled
 * cards below tablet-landscape width (each cell needs a `data-label`).
 */
export function Table({ children, stack = false, caption }: { children: ReactNode; stack?: boolean; caption?: string }) {
  return (
    <table className={stack ? 'table table--stack' : 'table'}>
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      {children}
    </table>
  );
}
