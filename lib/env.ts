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

const cidr = z
  .string()
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, "must be an IPv4 CIDR like 10.11.0.0/16");

/**
 * Settings that the Flask original (and its operators' .env files) spell differently: [our name,
 * the original's name]. Either may be set; both set to different values is a start-up error rather
 * than a silent pick, because a hub pointed at the wrong gateway or region fails far from its cause.
 */
const ALIASES = [
  ["APPLICATION_GATEWAY_NAME", "HUB_AGW_NAME"],
  ["AZURE_LOCATION", "HUB_LOCATION"],
  ["HUB_RESOURCE_GROUP", "RESOURCE_GROUP_NAME"],
] as const;

/** One value per aliased setting, with the defaults applied once both spellings are known. */
function resolveAliases<
  T extends {
    APPLICATION_GATEWAY_NAME?: string;
    HUB_AGW_NAME?: string;
    AZURE_LOCATION?: string;
    HUB_LOCATION?: string;
    HUB_RESOURCE_GROUP?: string;
    RESOURCE_GROUP_NAME?: string;
  },
>(env: T) {
  return {
    ...env,
    APPLICATION_GATEWAY_NAME: env.APPLICATION_GATEWAY_NAME ?? env.HUB_AGW_NAME ?? "hub-agw",
    AZURE_LOCATION: env.AZURE_LOCATION ?? env.HUB_LOCATION ?? "eastus",
    HUB_RESOURCE_GROUP: env.HUB_RESOURCE_GROUP ?? env.RESOURCE_GROUP_NAME ?? "hub-rg",
  };
}

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalString.pipe(z.string().url("must be a postgres:// URL").optional()),
    DATA_DIR: z.string().min(1).default(".data"),
    AZURE_MODE: z.enum(["simulator", "azure"]).default("simulator"),
    AZURE_SUBSCRIPTION_ID: optionalString,
    AZURE_LOCATION: optionalString,
    /** The original tool's name for AZURE_LOCATION (an alias; see resolveAliases). */
    HUB_LOCATION: optionalString,
    ARM_SIMULATOR_URL: optionalString.pipe(z.string().url().optional()),
    ARM_SIMULATOR_CA_FILE: optionalString,
    SIM_PROFILE: z.enum(["instant", "fast", "realistic"]).default("realistic"),
    SIM_TIME_SCALE: z.coerce.number().positive().max(100).default(0.1),
    SIM_FAULTS: optionalString,
    /** Port of the embedded simulator (0 = any free port; /api/health shows the URL). */
    SIM_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /**
     * App instances sharing one Azure subscription: each plans its ARM requests with this share of
     * ARM's per-subscription buckets (README "ARM throttling and the request budget").
     */
    ARM_BUDGET_INSTANCES: z.coerce.number().int().min(1).max(100).default(1),
    /**
     * Deployment jobs one process holds at once. Deployments mostly wait on Azure, so this is a
     * ceiling, not the governor: admission (ARM_ADMISSION_LIMIT) decides how many work at once;
     * the rest hold a slot while they wait, visibly, for capacity. 64 ≥ the computed limit (54) plus room
     * for waiters and finishing work; each slot is a pg-boss poller, hence not unbounded.
     */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(64),
    /**
     * Deployments (database-wide, all instances) working against the subscription at once; a create
     * or update beyond it waits "for Azure capacity". 0: computed from ARM's request budget (54).
     */
    ARM_ADMISSION_LIMIT: z.coerce.number().int().min(0).max(1000).default(0),
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
    APPLICATION_GATEWAY_NAME: optionalString,
    /** The original tool's name for APPLICATION_GATEWAY_NAME (an alias; see resolveAliases). */
    HUB_AGW_NAME: optionalString,
    SPOKE_RESOURCE_GROUP: optionalString,
    ENABLE_ROLLBACK: bool(true),
    SPOKE_ADDRESS_SPACE: cidr.default("10.11.0.0/16"),
    SPOKE_PREFIX_LENGTH: z.coerce.number().int().min(16).max(28).default(24),
    AGW_BASE_DOMAIN: z.string().min(1).default("spokes.example.com"),
    /** Made admin once, when that identity first signs in from the pinned tenant; never re-applied. */
    ADMIN_EMAILS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(",")
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      ),
    AUTH_SECRET: optionalString,
    DEV_SIGN_IN: bool(true),
    AUTH_MICROSOFT_ENTRA_ID_ID: optionalString,
    AUTH_MICROSOFT_ENTRA_ID_SECRET: optionalString,
    /** Must name one tenant: https://login.microsoftonline.com/<tenant-id>/v2.0 (required in Azure mode). */
    AUTH_MICROSOFT_ENTRA_ID_ISSUER: optionalString,
    /**
     * Interface `npm run console` listens on. Unset: 127.0.0.1 while the development sign-in is
     * on (it would give anyone on the network an admin console), every interface otherwise.
     */
    BIND_ADDRESS: optionalString,
    /** Lifetime of a new API token when the creator does not choose one. */
    API_TOKEN_DEFAULT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** Set by `next start`/`next dev` to the port it listens on. */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** SSE heartbeat interval (ARCHITECTURE.md §10: 15 s); tests shorten it. */
    SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    /** Sign-in attempts allowed per account per minute (429 beyond). */
    SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    /**
     * Webhooks may reach loopback, private, link-local and metadata addresses. Off by default
     * (SSRF); for tests and closed networks whose receivers live on private addresses.
     */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: bool(false),
    /** Retries of a failed webhook delivery after the first attempt (exponential backoff). */
    WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(5),
    /** Base of a webhook retry's backoff: the first waits 1–2 × this, each next twice as long, at most 10 minutes. */
    WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    /** How long a receiver may take to answer one delivery. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Live views: seconds between two ARM reads of a watched hub or spoke snapshot (README "Live views"). */
    LIVE_REFRESH_SECONDS: z.coerce.number().min(1).max(3_600).default(10),
    /** Live views: seconds between two backend-health reads of one hub gateway (an expensive Azure LRO). */
    LIVE_HEALTH_SECONDS: z.coerce.number().min(5).max(3_600).default(30),
    /** Live views: a viewer's Refresh reads again only if the snapshot is at least this old (bounds all viewers together). */
    LIVE_MIN_REFRESH_SECONDS: z.coerce.number().min(1).max(3_600).default(5),
    /** Live views: Refresh requests allowed per user per minute (429 beyond). */
    LIVE_REFRESH_USER_LIMIT: z.coerce.number().int().min(1).max(1_000).default(6),
    /** Seconds the Azure probe of GET /api/health is cached (one ARM read per period, however many callers). */
    HEALTH_PROBE_CACHE_SECONDS: z.coerce.number().min(0).max(3_600).default(30),
    /** Spoke creations allowed per user per minute, counted across all instances (429 beyond). */
    CREATE_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
    /** Pre-flight plans (POST /api/spokes/plan) per user per minute: each one reads Azure several times. */
    PLAN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
    /** New-spoke form catalogs (GET /api/catalog/spoke-form) per user per minute: each one reads Azure. */
    SPOKE_FORM_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(60),
    /** Drift: every completed spoke is compared with Azure once per this many seconds, spread evenly (0: no periodic check). */
    DRIFT_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    /** On-demand drift checks (POST /api/spokes/{id}/drift-check) per user per minute: each one reads Azure 5 times. */
    DRIFT_CHECK_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000).default(6),
    /** Orphan sweep: seconds between two scheduled reports (report only, never deletes; 0: no schedule). */
    ORPHAN_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(604_800).default(3_600),
  })
  .superRefine((env, ctx) => {
    for (const [name, alias] of ALIASES) {
      const a = env[name];
      const b = env[alias];
      if (a !== undefined && b !== undefined && a !== b) {
        ctx.addIssue({
          code: "custom",
          path: [alias],
          message: `is an alias of ${name} and conflicts with it (${alias}=${b}, ${name}=${a}); set only one of them`,
        });
      }
    }
    if (env.AZURE_MODE === "azure" && !env.AZURE_SUBSCRIPTION_ID) {
      ctx.addIssue({ code: "custom", path: ["AZURE_SUBSCRIPTION_ID"], message: "is required when AZURE_MODE=azure" });
    }
    if (Number(env.SPOKE_ADDRESS_SPACE.split("/")[1]) >= env.SPOKE_PREFIX_LENGTH) {
      ctx.addIssue({
        code: "custom",
        path: ["SPOKE_PREFIX_LENGTH"],
        message: "must be longer than the prefix of SPOKE_ADDRESS_SPACE",
      });
    }
  })
  .transform(resolveAliases);

export type Env = z.infer<typeof EnvSchema>;

const TENANT_ISSUER =
  /^https:\/\/login\.microsoftonline\.com\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/v2\.0\/?$/i;

/** The tenant id pinned by the issuer, or undefined for a missing or multi-tenant (`/common`) issuer. */
export function entraTenantId(issuer: string | undefined): string | undefined {
  return issuer ? TENANT_ISSUER.exec(issuer)?.[1]?.toLowerCase() : undefined;
}

/**
 * What stops a web server from starting: against a real subscription the only sign-in is Entra
 * ID, and it must accept one tenant (`/common` would let any Microsoft account in). Separate from
 * the schema so a jobs-only worker (`npm run worker`) needs no sign-in secret.
 */
export function signInConfigErrors(e: Env): string[] {
  if (e.AZURE_MODE !== "azure") return [];
  const errors: string[] = [];
  for (const key of ["AUTH_MICROSOFT_ENTRA_ID_ID", "AUTH_MICROSOFT_ENTRA_ID_SECRET"] as const) {
    if (!e[key]) errors.push(`${key}: is required when AZURE_MODE=azure`);
  }
  if (!entraTenantId(e.AUTH_MICROSOFT_ENTRA_ID_ISSUER)) {
    errors.push(
      "AUTH_MICROSOFT_ENTRA_ID_ISSUER: must be your tenant's issuer, https://login.microsoftonline.com/<tenant-id>/v2.0, when AZURE_MODE=azure (common/organizations would accept any tenant)",
    );
  }
  return errors;
}

export class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    super("Invalid configuration:\n" + issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n"));
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
  const hubResourceGroup = e.HUB_RESOURCE_GROUP;
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

/** Where `npm run console` listens: loopback while the passwordless development sign-in is on. */
export function bindAddress(e: Env = env()): string {
  return e.BIND_ADDRESS ?? (isDevSignInEnabled(e) ? "127.0.0.1" : "0.0.0.0");
}

/** The development sign-in exists only against the simulator, never against a real subscription. */
export function isDevSignInEnabled(e: Env = env()): boolean {
  return e.AZURE_MODE === "simulator" && e.DEV_SIGN_IN;
}
