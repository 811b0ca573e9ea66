/** The webhook event vocabulary and the payload every delivery carries (client-safe: no imports of server code). */
import { z } from "zod";

/** Events an endpoint can subscribe to. Drift events come later. */
export const WEBHOOK_EVENTS = [
  "deployment.finished",
  "deployment.failed",
  "rollback.failed",
  "cleanup.report",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by "Send test"; not subscribable. */
export const TEST_EVENT = "webhook.test";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "deployment.finished": "Deployment finished (create, teardown or rollback succeeded)",
  "deployment.failed": "Deployment failed (create or teardown)",
  "rollback.failed": "Rollback failed (something may be left behind)",
  "cleanup.report": "Cleanup report (after every teardown or rollback)",
};

export const DELIVERY_STATUSES = ["queued", "retrying", "delivered", "failed"] as const;
export const TERMINAL_DELIVERY_STATUSES = ["delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const CreateWebhookBody = z
  .object({
    url: z.string().trim().url("Invalid url: must be an absolute http(s) URL").max(2000),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Choose at least one event").max(WEBHOOK_EVENTS.length),
    description: z.string().trim().max(200).optional(),
  })
  .strict();
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

/** What a receiver gets as the JSON body (the signature covers these exact bytes). */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType | typeof TEST_EVENT;
  created_at: string;
  data: Record<string, unknown>;
}
