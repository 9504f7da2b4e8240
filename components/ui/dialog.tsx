'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert
 * (so focus stays inside), Esc fires `cancel`, and the browser puts focus back on
 * the opener on close. React state stays the source of truth for `open`; the
 * content is mounted only while open, so its form state starts fresh each time.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // React's autoFocus runs before showModal() and is lost; focus the marked field now.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={open ? testId : undefined}
      onCancel={(e) => {
        // Keep the element open until React says otherwise, so state and DOM agree.
        e.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <div className="dialog__head">
            <h2 id={titleId}>{title}</h2>
          </div>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

export function DialogBody({ children }: { children: ReactNode }) {
  return <div className="dialog__body">{children}</div>;
}

export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="dialog__foot">{children}</div>;
}
