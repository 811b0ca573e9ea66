"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/http/action-result";

type CreateTokenAction = (
  prev: unknown,
  formData: FormData,
) => Promise<ActionResult<{ token: string; name: string; expiresAt: string | null }>>;

const LIFETIMES = [30, 90, 365];

export function CreateTokenForm({ action, defaultDays }: { action: CreateTokenAction; defaultDays: number }) {
  const choices = [...new Set([...LIFETIMES, defaultDays])].sort((a, b) => a - b);
  const [state, formAction, pending] = useActionState(action, null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <form action={formAction} className="flex items-end gap-3">
        <div className="flex-1">
          <Field
            id="token-name"
            name="name"
            label="Token name"
            placeholder="e.g. ci-pipeline"
            required
            maxLength={60}
            error={state && !state.ok ? (state.fieldErrors?.name?.[0] ?? state.message) : undefined}
          />
        </div>
        <div>
          <label htmlFor="token-expiry" className="mb-1 block text-sm font-medium">
            Expires after
          </label>
          <Select id="token-expiry" name="days" defaultValue={String(defaultDays)}>
            {choices.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
            <option value="0">never</option>
          </Select>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {state?.ok ? (
        <div
          role="status"
          className="rounded-md border border-green-300 bg-green-50 p-4 text-sm dark:border-green-900 dark:bg-green-950"
        >
          <p className="font-medium">Token “{state.data.name}” created. Copy it now: it will not be shown again.</p>
          <p className="text-muted">
            {state.data.expiresAt
              ? `It expires ${state.data.expiresAt.replace("T", " ").slice(0, 16)} UTC.`
              : "It never expires."}
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code
              data-testid="new-token"
              className="flex-1 overflow-x-auto rounded bg-surface px-2 py-1 font-mono text-xs"
            >
              {state.data.token}
            </code>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => navigator.clipboard.writeText(state.data.token).then(() => setCopied(true))}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
