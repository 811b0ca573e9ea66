/**
 * What `npm run doctor` asks about the identity itself: can it get an ARM token, and which
 * actions does ARM say it may perform at a scope (Microsoft.Authorization permissions API: the
 * caller's effective actions/notActions from every role assignment, no extra dependency).
 */
import { DefaultAzureCredential } from "@azure/identity";

const ARM = "https://management.azure.com";
const PERMISSIONS_API_VERSION = "2022-04-01";

export interface TokenProbe {
  ok: boolean;
  detail: string;
}

export interface PermissionSet {
  actions: string[];
  notActions: string[];
}

let credential: DefaultAzureCredential | undefined;
function cred(): DefaultAzureCredential {
  credential ??= new DefaultAzureCredential();
  return credential;
}

/** The claims of a JWT, without verifying it (only to say which identity we are). */
function claims(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Obtains a token for ARM with DefaultAzureCredential and says whose it is (appid/oid/tid). */
export async function probeArmToken(endpoint = ARM): Promise<TokenProbe> {
  try {
    const token = await cred().getToken(`${endpoint}/.default`);
    const c = claims(token.token);
    const who = ["appid", "oid", "tid"]
      .filter((k) => c[k])
      .map((k) => `${k}=${String(c[k])}`)
      .join(" ");
    return {
      ok: true,
      detail: `token for ${endpoint} obtained (${who || "claims unreadable"}), expires ${new Date(token.expiresOnTimestamp).toISOString()}`,
    };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? (err.message.split("\n")[0] ?? err.name) : String(err) };
  }
}

/** The caller's permissions at `scope` (e.g. `/subscriptions/…/resourceGroups/hub-rg`). */
export async function listCallerPermissions(scope: string, endpoint = ARM): Promise<PermissionSet[]> {
  const token = await cred().getToken(`${endpoint}/.default`);
  const res = await fetch(
    `${endpoint}${scope}/providers/Microsoft.Authorization/permissions?api-version=${PERMISSIONS_API_VERSION}`,
    {
      headers: { authorization: `Bearer ${token.token}` },
    },
  );
  const body = (await res.json().catch(() => ({}))) as {
    value?: PermissionSet[];
    error?: { code?: string; message?: string };
  };
  if (!res.ok) throw new Error(`${body.error?.code ?? res.status}: ${body.error?.message ?? res.statusText}`);
  return (body.value ?? []).map((p) => ({ actions: p.actions ?? [], notActions: p.notActions ?? [] }));
}

function globMatch(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return re.test(action);
}

/** ARM's rule: allowed when some role grants it and that same role does not exclude it. */
export function isAllowed(perms: PermissionSet[], action: string): boolean {
  return perms.some(
    (p) => p.actions.some((a) => globMatch(a, action)) && !p.notActions.some((n) => globMatch(n, action)),
  );
}
