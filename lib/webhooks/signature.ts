/**
 * Delivery signatures, as Stripe and GitHub do them: HMAC-SHA256 with the endpoint's secret over
 * `<unix seconds>.<raw body>`, sent as `X-HSC-Signature: t=<unix>,v1=<hex>`. Signing the timestamp
 * lets a receiver refuse replays older than a few minutes. README "Webhooks" has the recipe.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-hsc-signature";
/** A receiver should refuse signatures older than this (and we document it so). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export function signatureHex(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function signatureHeader(secret: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${signatureHex(secret, t, body)}`;
}

/** The receiver's side, used by the tests and given in the README. */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  opts: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const parts = new Map(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1");
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const age = Math.abs((opts.now ?? Date.now()) / 1000 - t);
  if (age > (opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  return timingSafeEqual(Buffer.from(v1, "hex"), Buffer.from(signatureHex(secret, t, body), "hex"));
}
