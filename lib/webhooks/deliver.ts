/**
 * One delivery attempt (a webhook-delivery job): re-check the target, POST the signed payload,
 * record the outcome. A non-2xx answer or a network error throws so the queue retries it with
 * exponential backoff; a refused target fails at once (retrying cannot make it allowed).
 */
import http from "node:http";
import https from "node:https";
import type { LookupAddress } from "node:dns";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";
import { checkTarget, TargetRefused, type TargetPolicy } from "./target";

export interface DeliveryJob {
  deliveryId: string;
  /** 0 on the first attempt. */
  attempt: number;
  isFinalAttempt: boolean;
}

export interface DeliveryOptions extends TargetPolicy {
  timeoutMs?: number;
}

const USER_AGENT = "hub-spoke-console-webhooks/1";

class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null,
  ) {
    super(message);
    this.name = "DeliveryFailed";
  }
}

/** POST to the already checked address (not a second DNS answer), so a check cannot be bypassed. */
function post(
  url: URL,
  pinned: LookupAddress,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<number> {
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
        lookup: (_host, opts, cb) => {
          // safe because node passes `all: true` only when it wants the array form
          if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: LookupAddress[]) => void)(null, [pinned]);
          else cb(null, pinned.address, pinned.family);
        },
      },
      (res) => {
        res.resume(); // the body is not needed; drain it so the socket is freed
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

async function attempt(
  db: Db,
  deliveryId: string,
  opts: DeliveryOptions,
): Promise<{ event: string; code: number } | undefined> {
  const [row] = await db
    .select({ d: webhookDeliveries, url: webhookEndpoints.url, secret: webhookEndpoints.secret })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row || row.d.status === "delivered" || row.d.status === "failed") return undefined; // endpoint deleted, or already settled
  const { url, addresses } = await checkTarget(row.url, opts);
  const pinned = addresses[0];
  if (!pinned) throw new TargetRefused("No address to deliver to");
  const body = JSON.stringify(row.d.payload);
  const code = await post(
    url,
    pinned,
    body,
    {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      [SIGNATURE_HEADER]: signatureHeader(row.secret, body),
      "x-hsc-event": row.d.event,
      "x-hsc-delivery": row.d.id,
    },
    opts.timeoutMs ?? 10_000,
  ).catch((err: unknown) => {
    throw new DeliveryFailed(err instanceof Error ? err.message : String(err), null);
  });
  if (code < 200 || code > 299) throw new DeliveryFailed(`The receiver answered ${code}`, code);
  return { event: row.d.event, code };
}

export async function deliverWebhook(db: Db, job: DeliveryJob, opts: DeliveryOptions): Promise<void> {
  const attempts = job.attempt + 1;
  const where = eq(webhookDeliveries.id, job.deliveryId);
  try {
    const done = await attempt(db, job.deliveryId, opts);
    if (!done) return;
    await db
      .update(webhookDeliveries)
      .set({
        status: "delivered",
        attempts,
        responseCode: done.code,
        lastError: null,
        lastAttemptAt: new Date(),
        deliveredAt: new Date(),
      })
      .where(where);
    metrics().webhookDeliveries.inc({ event: done.event, outcome: "delivered" });
  } catch (err) {
    const refused = err instanceof TargetRefused;
    const final = refused || job.isFinalAttempt;
    const [row] = await db
      .update(webhookDeliveries)
      .set({
        status: final ? "failed" : "retrying",
        attempts,
        lastError: String((err as Error).message ?? err).slice(0, 500),
        responseCode: err instanceof DeliveryFailed ? err.responseCode : null,
        lastAttemptAt: new Date(),
      })
      .where(where)
      .returning({ event: webhookDeliveries.event });
    metrics().webhookDeliveries.inc({
      event: row?.event ?? "unknown",
      outcome: refused ? "refused" : final ? "failed" : "retrying",
    });
    log.warn("webhook delivery failed", {
      deliveryId: job.deliveryId,
      attempt: attempts,
      final,
      err: String((err as Error).message ?? err),
    });
    if (!final) throw err;
  }
}
