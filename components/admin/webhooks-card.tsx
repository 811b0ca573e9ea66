import { ActionForm } from "@/components/ui/action-form";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table";
import type { ActionResult } from "@/lib/http/action-result";
import type { DeliveryView, WebhookView } from "@/lib/webhooks/admin";
import { WebhookCreateForm } from "./webhook-create-form";

type FormAction = (fd: FormData) => Promise<ActionResult<unknown>>;

export interface WebhookWithLog extends WebhookView {
  deliveries: DeliveryView[];
}

const TONE: Record<string, BadgeTone> = {
  delivered: "success",
  failed: "danger",
  retrying: "warning",
  queued: "neutral",
};
const when = (iso: string | null) => (iso ? iso.replace("T", " ").slice(0, 19) + " UTC" : "—");

function DeliveryLog({ hook }: { hook: WebhookWithLog }) {
  if (!hook.deliveries.length)
    return <p className="text-sm text-muted">No deliveries yet. Send a test to check the receiver.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Deliveries to {hook.url}</caption>
      <TableHead
        variant="plain"
        cellClassName="py-1"
        columns={["Event", "Status", "Attempts", "Response", "Last error", "Last attempt"]}
      />
      <tbody>
        {hook.deliveries.map((d) => (
          <tr key={d.id} className="border-t border-line">
            <td className="py-1">
              <code className="text-xs">{d.event}</code>
            </td>
            <td className="py-1">
              <Badge tone={TONE[d.status] ?? "neutral"}>{d.status}</Badge>
            </td>
            <td className="py-1">{d.attempts}</td>
            <td className="py-1">{d.response_code ?? "—"}</td>
            <td className="max-w-xs truncate py-1 text-muted" title={d.last_error ?? undefined}>
              {d.last_error ?? "—"}
            </td>
            <td className="py-1 text-muted">{when(d.last_attempt_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Admin page: webhook endpoints, their recent deliveries, add / send test / remove. */
export function WebhooksCard({
  hooks,
  createAction,
  testAction,
  deleteAction,
}: {
  hooks: WebhookWithLog[];
  createAction: Parameters<typeof WebhookCreateForm>[0]["action"];
  testAction: FormAction;
  deleteAction: FormAction;
}) {
  return (
    <Card>
      <CardHeader
        title="Webhooks"
        description="Signed notifications when deployments finish or fail, a rollback fails, or a cleanup report is written. See the README's Webhooks section to verify signatures."
      />
      <div className="space-y-6 p-5">
        {hooks.map((h) => (
          <section key={h.id} aria-label={`Webhook ${h.url}`} className="space-y-2 rounded-md border border-line p-3">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <div className="break-all font-medium">{h.url}</div>
                <div className="text-xs text-muted">
                  {h.events.join(", ")} · secret {h.secret_hint}
                  {h.description ? ` · ${h.description}` : ""}
                </div>
              </div>
              <div className="flex gap-2">
                <ActionForm action={testAction}>
                  <input type="hidden" name="webhookId" value={h.id} />
                  <Button type="submit" variant="secondary" size="sm" aria-label={`Send a test to ${h.url}`}>
                    Send test
                  </Button>
                </ActionForm>
                <ActionForm action={deleteAction}>
                  <input type="hidden" name="webhookId" value={h.id} />
                  <Button type="submit" variant="danger" size="sm" aria-label={`Remove webhook ${h.url}`}>
                    Remove
                  </Button>
                </ActionForm>
              </div>
            </div>
            <DeliveryLog hook={h} />
          </section>
        ))}
        <WebhookCreateForm action={createAction} />
      </div>
    </Card>
  );
}
