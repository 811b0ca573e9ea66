/**
 * The only reader of process.env. Everything is validated once; a bad value stops start-up
 * with a message naming the variable. Composition code passes the parsed config down.
 */
import { z } from "zod";

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "true" || v === "1" || v === "yes"));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const cidr = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, "must be an IPv4 CIDR like 10.11.0.0/16");

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalString.pipe(z.string().url("must be a postgres:// URL").optional()),
    DATA_DIR: z.string().min(1).default(".data"),
    AZURE_MODE: z.enum(["simulator", "azure"]).default("simulator"),
    AZURE_SUBSCRIPTION_ID: optionalString,
    AZURE_LOCATION: z.string().min(1).default("eastus"),
    ARM_SIMULATOR_URL: optionalString.pipe(z.string().url().optional()),
    ARM_SIMULATOR_CA_FILE: optionalString,
    SIM_PROFILE: z.enum(["instant", "fast", "realistic"]).default("realistic"),
    SIM_TIME_SCALE: z.coerce.number().positive().max(100).default(0.1),
    SIM_FAULTS: optionalString,
    /** Port of the embedded simulator (0 = any free port; /api/health shows the URL). */
    SIM_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** Deployments one process runs at once. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
    /** false: this instance serves the web and API only; other processes run the jobs. */
    RUN_WORKER: bool(true),
    /** Benchmark only: run each deployment's steps one at a time, as the original did. */
    ORCHESTRATOR_SEQUENTIAL: bool(false),
    /**
     * Crash recovery of deployment jobs (lib/orchestrator/queue.ts): a job whose worker was not
     * heard from for QUEUE_HEARTBEAT_SECONDS (pg-boss minimum 10) is retried; the supervisor looks
     * every QUEUE_SUPERVISE_SECONDS; the first retry waits QUEUE_RETRY_DELAY_SECONDS. The chaos
     * battery lowers them to fail over in seconds; the defaults suit production.
     */
    QUEUE_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(30),
    QUEUE_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
    QUEUE_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(600).default(5),
    RESOURCE_GROUP_NAME: optionalString,
    HUB_RESOURCE_GROUP: optionalString,
    HUB_VNET_NAME: z.string().min(1).default("hub-vnet"),
    APPLICATION_GATEWAY_NAME: z.string().min(1).default("hub-agw"),
    SPOKE_RESOURCE_GROUP: optionalString,
    ENABLE_ROLLBACK: bool(true),
    SPOKE_ADDRESS_SPACE: cidr.default("10.11.0.0/16"),
    SPOKE_PREFIX_LENGTH: z.coerce.number().int().min(16).max(28).default(24),
    AGW_BASE_DOMAIN: z.string().min(1).default("spokes.example.com"),
    ADMIN_EMAILS: z
      .string()
      .optional()
      .transform((v) => (v ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)),
    AUTH_SECRET: optionalString,
    DEV_SIGN_IN: bool(true),
    AUTH_MICROSOFT_ENTRA_ID_ID: optionalString,
    AUTH_MICROSOFT_ENTRA_ID_SECRET: optionalString,
    AUTH_MICROSOFT_ENTRA_ID_ISSUER: optionalString,
    /** Set by `next start`/`next dev` to the port it listens on. */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** SSE heartbeat interval (DESIGN §10: 15 s); tests shorten it. */
    SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    /** Sign-in attempts allowed per account per minute (429 beyond). */
    SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    /** Spoke creations allowed per user per minute, counted across all instances (429 beyond). */
    CREATE_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
    /** Pre-flight plans (POST /api/spokes/plan) per user per minute: each one reads Azure several times. */
    PLAN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
    /** New-spoke form catalogs (GET /api/catalog/spoke-form) per user per minute: each one reads Azure. */
    SPOKE_FORM_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(60),
  })
  .superRefine((env, ctx) => {
    if (env.AZURE_MODE === "azure" && !env.AZURE_SUBSCRIPTION_ID) {
      ctx.addIssue({ code: "custom", path: ["AZURE_SUBSCRIPTION_ID"], message: "is required when AZURE_MODE=azure" });
    }
    if (Number(env.SPOKE_ADDRESS_SPACE.split("/")[1]) >= env.SPOKE_PREFIX_LENGTH) {
      ctx.addIssue({ code: "custom", path: ["SPOKE_PREFIX_LENGTH"], message: "must be longer than the prefix of SPOKE_ADDRESS_SPACE" });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    super(
      "Invalid configuration:\n" +
        issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

let cached: Env | undefined;

/** Parsed process environment, validated on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Settings derived from the env that several modules need in the same shape. */
export function hubConfig(e: Env = env()) {
  const hubResourceGroup = e.HUB_RESOURCE_GROUP ?? e.RESOURCE_GROUP_NAME ?? "hub-rg";
  return {
    location: e.AZURE_LOCATION,
    hubResourceGroup,
    hubVnetName: e.HUB_VNET_NAME,
    gatewayName: e.APPLICATION_GATEWAY_NAME,
    spokeResourceGroup: e.SPOKE_RESOURCE_GROUP ?? hubResourceGroup,
    addressSpace: e.SPOKE_ADDRESS_SPACE,
    prefixLength: e.SPOKE_PREFIX_LENGTH,
    agwBaseDomain: e.AGW_BASE_DOMAIN,
    enableRollback: e.ENABLE_ROLLBACK,
  };
}

export type HubConfig = ReturnType<typeof hubConfig>;

/** The development sign-in exists only against the simulator, never against a real subscription. */
export function isDevSignInEnabled(e: Env = env()): boolean {
  return e.AZURE_MODE === "simulator" && e.DEV_SIGN_IN;
}
