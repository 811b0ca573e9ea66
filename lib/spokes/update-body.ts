/**
 * PATCH /api/spokes/{id} and its plan: the fields an update may change, named as in create, and the
 * target configuration they make from the spoke's current one. Client-safe apart from the SSH key
 * parser (pure). Unknown fields are refused.
 */
import { z } from "zod";
import { parseSshPublicKey } from "@/lib/network/ssh-key";
import { TAG_KEYS, agwProbeName } from "@/lib/network/resource-names";
import type { SpokeConfig, SpokeRouting } from "@/lib/ledger/spoke-config";
import { healthProbePath } from "./schemas";
import { AppError } from "@/lib/errors";

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const STEP_KEY = z.string().regex(/^[a-z_]{1,40}$/, 'force must be a step key, a list of step keys or "all"');
const RESERVED_TAGS = new Set<string>(Object.values(TAG_KEYS));

export const UpdateSpokeBody = z.strictObject(
  {
    vm_size: z
      .string({ error: "vm_size must be a string" })
      .regex(/^[A-Za-z][A-Za-z0-9_]{1,63}$/, "vm_size must be an Azure VM size such as Standard_D2s_v3")
      .optional(),
    ssh_public_key: z
      .string({ error: "ssh_public_key must be a string" })
      .max(16_384, "ssh_public_key is too long")
      .optional(),
    host_name: z
      .string({ error: "host_name must be a string" })
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.string().regex(HOST, "host_name must be a DNS name such as app.example.com"))
      .optional(),
    backend_port: z
      .number({ error: "backend_port must be an integer" })
      .int("backend_port must be an integer")
      .min(1, "backend_port must be 1-65535")
      .max(65_535, "backend_port must be 1-65535")
      .optional(),
    backend_protocol: z.enum(["Http", "Https"], { error: "backend_protocol must be Http or Https" }).optional(),
    health_probe_path: healthProbePath().optional(),
    tags: z
      .record(z.string().min(1).max(512), z.string().max(256), { error: "tags must be an object of strings" })
      .refine((t) => Object.keys(t).length <= 15, "tags: at most 15")
      .refine(
        (t) => !Object.keys(t).some((k) => RESERVED_TAGS.has(k.toLowerCase())),
        "tags must not set the console's own tags (managed-by, spoke-id, client-name, owner, deployment-id)",
      )
      .optional(),
    /** Run these steps even if unchanged (a step key, a list of them, or "all"); audited. */
    force: z
      .union([STEP_KEY, z.array(STEP_KEY).min(1).max(20)], {
        error: 'force must be a step key, a list of step keys or "all"',
      })
      .optional(),
    /** The spoke's client name, typed by the user, when the plan has a disruptive change. */
    confirm: z.string({ error: "confirm must be a string" }).max(200).optional(),
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `Unknown field: ${iss.keys.join(", ")}`
        : "The request body must be a JSON object",
  },
);
export type UpdateSpokeBody = z.infer<typeof UpdateSpokeBody>;

export function parseUpdateBody(input: unknown): UpdateSpokeBody {
  const parsed = UpdateSpokeBody.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".");
    throw new AppError("bad_request", issue?.message ?? "Invalid request", {
      details: field ? { fields: { [field]: issue?.message } } : undefined,
    });
  }
  return parsed.data;
}

/** The configuration the update moves the spoke to. */
export function targetConfig(current: SpokeConfig, body: UpdateSpokeBody): SpokeConfig {
  let sshPublicKey = current.sshPublicKey;
  if (body.ssh_public_key !== undefined) {
    const key = parseSshPublicKey(body.ssh_public_key);
    if (!key.ok) throw new AppError("bad_request", key.error, { details: { fields: { ssh_public_key: key.error } } });
    sshPublicKey = key.key.normalized;
  }
  const routing: SpokeRouting = current.routing ?? { backendPort: 80, backendProtocol: "Http" };
  const probePath = body.health_probe_path ?? routing.healthProbePath;
  const nextRouting: SpokeRouting = {
    backendPort: body.backend_port ?? routing.backendPort,
    backendProtocol: body.backend_protocol ?? routing.backendProtocol,
    // "/" is the default: recorded only when it replaces another path, so a no-op PATCH changes nothing.
    ...(probePath !== undefined && (probePath !== "/" || routing.healthProbePath !== undefined)
      ? { healthProbePath: probePath }
      : {}),
  };
  const routingChanged =
    nextRouting.backendPort !== routing.backendPort ||
    nextRouting.backendProtocol !== routing.backendProtocol ||
    nextRouting.healthProbePath !== routing.healthProbePath;
  // A spoke recorded before probes existed gets its probe when a path is asked for.
  const probe =
    current.names.agw.probe ?? (body.health_probe_path !== undefined ? agwProbeName(current.clientName) : undefined);
  return {
    ...current,
    vmSize: body.vm_size ?? current.vmSize,
    sshPublicKey,
    names: {
      ...current.names,
      agw: {
        ...current.names.agw,
        hostName: body.host_name ?? current.names.agw.hostName,
        ...(probe ? { probe } : {}),
      },
    },
    ...(current.routing || routingChanged ? { routing: nextRouting } : {}),
    ...(body.tags !== undefined ? { tags: body.tags } : {}),
  };
}

export const POWER_ACTIONS = ["start", "stop", "restart", "deallocate"] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];
export const PowerBody = z.strictObject(
  { action: z.enum(POWER_ACTIONS, { error: "action must be one of start, stop, restart, deallocate" }) },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `Unknown field: ${iss.keys.join(", ")}`
        : "The request body must be a JSON object",
  },
);

/** `force` as the update deployment stores it. */
export function forcedSteps(force: UpdateSpokeBody["force"]): string[] | "all" {
  if (force === undefined) return [];
  if (force === "all" || (Array.isArray(force) && force.includes("all"))) return "all";
  return Array.isArray(force) ? [...new Set(force)] : [force];
}
