/**
 * An admin API token for helpers that need admin-only answers (the simulator's URL on
 * /api/health), minted the way `npm run token` does: through the server that owns the embedded
 * database, with the secret it wrote into its data dir.
 */
import { readOwner } from "../lib/runtime/data-dir-owner";
import { BASE_URL, E2E_DATA_DIR } from "../playwright.config";

let cached: Promise<string> | undefined;

/** A new API token for a seeded user (`alice@example.com`, `admin@example.com` …). */
export async function mintToken(email: string): Promise<string> {
  const owner = readOwner(E2E_DATA_DIR);
  if (!owner) throw new Error(`no running server owns ${E2E_DATA_DIR}`);
  const res = await fetch(`${BASE_URL}/api/internal/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hsc-owner-secret": owner.secret },
    body: JSON.stringify({ op: "create", email, name: `e2e-${email.split("@")[0]}-${Date.now()}` }),
  });
  const body = (await res.json()) as { data?: { token?: string }; message?: string };
  if (!res.ok || !body.data?.token)
    throw new Error(`could not mint a token for ${email}: ${res.status} ${body.message ?? ""}`);
  return body.data.token;
}

export function adminToken(): Promise<string> {
  cached ??= mintToken("admin@example.com");
  return cached;
}

/** The embedded simulator's URL, which /api/health shows to admins only. */
export async function simulatorUrl(): Promise<string> {
  const res = await fetch(`${BASE_URL}/api/health`, { headers: { authorization: `Bearer ${await adminToken()}` } });
  const body = (await res.json()) as { data?: { checks?: { azure?: { simulator_url?: string } } } };
  return body.data?.checks?.azure?.simulator_url ?? "";
}
