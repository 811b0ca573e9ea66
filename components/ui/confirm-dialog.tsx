"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";
import { Input } from "./field";

/**
 * A modal (native <dialog>: focus trap, Esc closes) asking the user to type `expected` before a
 * destructive action. `blocked` keeps the button disabled meanwhile (a plan still loading); `wide`
 * makes room for a plan table in the description.
 */
export function ConfirmDialog({
  open,
  title,
  description,
  expected,
  confirmLabel,
  pending,
  blocked,
  wide,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  description: ReactNode;
  expected: string;
  confirmLabel: string;
  pending?: boolean;
  blocked?: boolean;
  wide?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setTyped("");
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      className={`m-auto ${wide ? "w-[min(52rem,95vw)]" : "w-[28rem]"} rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/40`}
    >
      <form
        method="dialog"
        className="space-y-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === expected && !blocked) onConfirm();
        }}
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="text-sm text-muted">{description}</div>
        <div className="space-y-1">
          <label htmlFor={`${id}-input`} className="block text-sm font-medium">
            Type <code className="rounded bg-surface-2 px-1 font-mono">{expected}</code> to confirm
          </label>
          <Input
            id={`${id}-input`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            autoFocus
          />
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={typed !== expected || pending || blocked}>
            {pending ? "Working…" : confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
