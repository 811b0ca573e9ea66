"use client";

import { useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/http/action-result";

/** A form posting to a server action that returns ActionResult; failures show beside the button. */
export function ActionForm({
  action,
  children,
  className,
}: {
  action: (fd: FormData) => Promise<ActionResult<unknown>>;
  children: ReactNode;
  className?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className={className}
      aria-busy={pending || undefined}
      action={(fd) =>
        start(async () => {
          const result = await action(fd);
          setError(result.ok ? null : result.message);
        })
      }
    >
      <fieldset disabled={pending} className="contents">
        {children}
      </fieldset>
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </form>
  );
}
