"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/action-result";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/webhooks/events";

type CreateAction = (fd: FormData) => Promise<ActionResult<{ id: string; url: string; secret: string }>>;

/** Registers an endpoint and shows its signing secret once, with how to keep it. */
export function WebhookCreateForm({ action }: { action: CreateAction }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  return (
    <div className="space-y-4">
      <form
        className="space-y-3"
        aria-busy={pending || undefined}
        action={(fd) =>
          start(async () => {
            const r = await action(fd);
            setError(r.ok ? null : r.message);
            setCreated(r.ok ? { url: r.data.url, secret: r.data.secret } : null);
          })
        }
      >
        <fieldset disabled={pending} className="space-y-3">
          <Field
            id="webhook-url"
            name="url"
            label="Endpoint URL"
            type="url"
            required
            placeholder="https://chat.example.com/hooks/…"
            hint="Loopback, private, link-local and metadata addresses are refused."
          />
          <Field id="webhook-description" name="description" label="Description (optional)" maxLength={200} />
          <fieldset>
            <legend className="text-sm font-medium">Events</legend>
            <div className="mt-1 grid gap-1 sm:grid-cols-2">
              {WEBHOOK_EVENTS.map((e) => (
                <label key={e} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="events"
                    value={e}
                    defaultChecked={e !== "cleanup.report"}
                    className="mt-1"
                  />
                  <span>
                    <code className="text-xs">{e}</code> — {WEBHOOK_EVENT_LABELS[e]}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <Button type="submit">Add webhook</Button>
        </fieldset>
        {error ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </form>
      {created ? (
        <div role="status" className="rounded-md border border-line bg-surface-2 p-3 text-sm">
          <p>
            Webhook for <span className="font-medium">{created.url}</span> added. Its signing secret is shown only now;
            store it with the receiver:
          </p>
          <code data-testid="new-webhook-secret" className="mt-2 block break-all font-mono text-xs">
            {created.secret}
          </code>
        </div>
      ) : null}
    </div>
  );
}
