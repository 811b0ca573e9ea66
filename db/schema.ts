/**
 * The whole data model (ARCHITECTURE.md §4). Status columns are plain text; their vocabularies live in
 * lib/ledger/status.ts so DB, API and UI share one spelling.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** The gateway entry names a spoke owns, as keys of `spokes.agw` (see lib/network/resource-names.ts). */
export const AGW_NAME_KEYS = ["backendPool", "httpSettings", "listener", "routingRule"] as const;

const createdAt = () => timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();
// Millisecond precision: JS Dates carry no more, and keyset cursors must round-trip exactly.
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ["user", "admin"] })
    .notNull()
    .default("user"),
  createdAt: createdAt(),
  sessionsRevokedAt: ts("sessions_revoked_at"),
  /** Seeded for the development sign-in: its sessions and tokens count only while that sign-in is on. */
  isDevUser: boolean("is_dev_user").notNull().default(false),
});

/**
 * One row per sign-in; the JWT carries its id. Ending the row (sign-out, revocation) ends the
 * session on the server, whatever the browser still holds.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
    endedAt: ts("ended_at"),
    endedReason: text("ended_reason"),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId)],
);

/** External identities (Microsoft Entra ID) linked to a user. */
export const accounts = pgTable(
  "accounts",
  {
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_idx").on(t.userId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
    /** Null: never expires (an explicit choice when creating it). */
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

export const spokes = pgTable(
  "spokes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    spokeNumber: integer("spoke_number").notNull(),
    hub: text("hub").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    clientName: text("client_name").notNull(),
    addressPrefix: text("address_prefix").notNull(),
    subnets: jsonb("subnets").notNull(),
    vmName: text("vm_name").notNull(),
    vmSize: text("vm_size").notNull(),
    adminUsername: text("admin_username").notNull(),
    sshPublicKey: text("ssh_public_key").notNull(),
    location: text("location").notNull(),
    resourceGroup: text("resource_group").notNull(),
    agw: jsonb("agw").notNull(),
    desiredConfig: jsonb("desired_config").notNull(),
    configHash: text("config_hash").notNull(),
    status: text("status").notNull().default("pending"),
    lastEventSeq: integer("last_event_seq").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [
    // Two simultaneous requests for one number or name cannot both win (ARCHITECTURE.md §4).
    uniqueIndex("spokes_live_number_uq")
      .on(t.hub, t.spokeNumber)
      .where(sql`${t.deletedAt} is null`),
    uniqueIndex("spokes_live_client_uq")
      .on(t.hub, t.clientName)
      .where(sql`${t.deletedAt} is null`),
    // Each gateway entry name a live spoke asks for is its alone on the hub (Azure compares them
    // case-insensitively); without this, a spoke could name another spoke's pool or rule as its own.
    ...AGW_NAME_KEYS.map((key) =>
      uniqueIndex(`spokes_live_agw_${key}_uq`)
        .on(t.hub, sql`lower(${t.agw} ->> '${sql.raw(key)}')`)
        .where(sql`${t.deletedAt} is null`),
    ),
    index("spokes_owner_idx").on(t.ownerId, t.createdAt),
    index("spokes_status_idx").on(t.status),
  ],
);

export const deployments = pgTable(
  "deployments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    spokeId: uuid("spoke_id")
      .notNull()
      .references(() => spokes.id),
    kind: text("kind", { enum: ["create", "teardown", "rollback", "update"] }).notNull(),
    status: text("status").notNull().default("queued"),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    idempotencyKey: text("idempotency_key"),
    /** Hash of the request an Idempotency-Key was first used with: a reuse with another body is refused. */
    requestHash: text("request_hash"),
    attempt: integer("attempt").notNull().default(0),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: ts("lease_expires_at"),
    cancelRequestedAt: ts("cancel_requested_at"),
    createdAt: createdAt(),
    startedAt: ts("started_at"),
    /** Set while a queued create/update waits for Azure capacity (admission); cleared when it starts. */
    waitingSince: ts("waiting_since"),
    finishedAt: ts("finished_at"),
    errorCode: text("error_code"),
    errorClass: text("error_class"),
    errorMessage: text("error_message"),
    errorStep: text("error_step"),
    parentId: uuid("parent_id"),
    cleanupReport: jsonb("cleanup_report"),
    /** An update's previous and target configuration and forced steps (lib/orchestrator/update-params.ts). */
    params: jsonb("params"),
  },
  (t) => [
    uniqueIndex("deployments_idempotency_uq")
      .on(t.requestedBy, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    // At most one queued or running deployment per spoke, whatever races the API loses.
    uniqueIndex("deployments_one_active_uq")
      .on(t.spokeId)
      .where(sql`${t.status} in ('queued', 'running')`),
    index("deployments_spoke_idx").on(t.spokeId, t.createdAt),
    index("deployments_status_idx").on(t.status),
  ],
);

export const deploymentSteps = pgTable(
  "deployment_steps",
  {
    deploymentId: uuid("deployment_id")
      .notNull()
      .references(() => deployments.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    inputsHash: text("inputs_hash"),
    outputs: jsonb("outputs"),
    errorCode: text("error_code"),
    errorClass: text("error_class"),
    errorMessage: text("error_message"),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.key] })],
);

export const deploymentEvents = pgTable(
  "deployment_events",
  {
    spokeId: uuid("spoke_id")
      .notNull()
      .references(() => spokes.id),
    seq: integer("seq").notNull(),
    deploymentId: uuid("deployment_id").references(() => deployments.id),
    at: ts("at").notNull().defaultNow(),
    type: text("type").notNull(),
    step: text("step"),
    attempt: integer("attempt"),
    level: text("level", { enum: ["debug", "info", "warn", "error"] })
      .notNull()
      .default("info"),
    message: text("message").notNull(),
    data: jsonb("data"),
  },
  (t) => [primaryKey({ columns: [t.spokeId, t.seq] }), index("deployment_events_deployment_idx").on(t.deploymentId)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: ts("at").notNull().defaultNow(),
    actorId: uuid("actor_id"),
    action: text("action").notNull(),
    target: text("target"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    outcome: text("outcome", { enum: ["success", "failure", "denied"] }).notNull(),
    details: jsonb("details"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_actor_idx").on(t.actorId, t.at)],
);

/** The single writer's bookkeeping per hub gateway (ARCHITECTURE.md §7). */
export const gatewayState = pgTable("gateway_state", {
  hub: text("hub").primaryKey(),
  desiredGeneration: bigint("desired_generation", { mode: "number" }).notNull().default(0),
  appliedGeneration: bigint("applied_generation", { mode: "number" }).notNull().default(0),
  lastPutAt: ts("last_put_at"),
  lastError: text("last_error"),
  lastErrorCode: text("last_error_code"),
  /** Generations up to this one were given up on (permanent PUT failure); their waiters fail. */
  failedGeneration: bigint("failed_generation", { mode: "number" }).notNull().default(0),
  putCount: integer("put_count").notNull().default(0),
  /** Lease of the one reconciler writing this gateway; a dead holder's lease simply expires. */
  leaseOwner: text("lease_owner"),
  leaseUntil: ts("lease_until"),
});

/**
 * Desired gateway entries of one spoke. `names` are the entries this spoke owns (kept while
 * removing, so the reconciler knows what to delete); `entries` null means "remove ours".
 */
export const gatewayEntries = pgTable(
  "gateway_entries",
  {
    hub: text("hub").notNull(),
    spokeId: uuid("spoke_id")
      .notNull()
      .references(() => spokes.id),
    names: jsonb("names").notNull(),
    entries: jsonb("entries"),
    generation: bigint("generation", { mode: "number" }).notNull(),
    /** The reconciler left this spoke's entries out of generations up to this one, for `rejectedReason`. */
    rejectedGeneration: bigint("rejected_generation", { mode: "number" }).notNull().default(0),
    rejectedReason: text("rejected_reason"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.hub, t.spokeId] })],
);

/**
 * Runs that build or check the hub itself (kind `bootstrap`), kept apart from `deployments` so the
 * spoke ledger and its APIs are unchanged. `report` says what was created, what already existed
 * and how an existing resource differs from the defaults (it is never changed).
 */
export const hubDeployments = pgTable(
  "hub_deployments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    hub: text("hub").notNull(),
    kind: text("kind", { enum: ["bootstrap"] })
      .notNull()
      .default("bootstrap"),
    status: text("status").notNull().default("queued"),
    /** Null when started from the command line (`npm run hub:bootstrap`) without a user. */
    requestedBy: uuid("requested_by").references(() => users.id),
    requestedVia: text("requested_via").notNull(),
    lastEventSeq: integer("last_event_seq").notNull().default(0),
    /** Refreshed while the run is alive: a run whose process died is recognised by an old heartbeat. */
    heartbeatAt: ts("heartbeat_at"),
    createdAt: createdAt(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    errorStep: text("error_step"),
    report: jsonb("report"),
  },
  (t) => [
    // One bootstrap at a time per hub, across processes.
    uniqueIndex("hub_deployments_active_uq")
      .on(t.hub)
      .where(sql`${t.status} in ('queued', 'running')`),
    index("hub_deployments_hub_idx").on(t.hub, t.createdAt),
  ],
);

export const hubDeploymentSteps = pgTable(
  "hub_deployment_steps",
  {
    deploymentId: uuid("deployment_id")
      .notNull()
      .references(() => hubDeployments.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    outputs: jsonb("outputs"),
    errorCode: text("error_code"),
    errorClass: text("error_class"),
    errorMessage: text("error_message"),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.key] })],
);

export const hubEvents = pgTable(
  "hub_events",
  {
    deploymentId: uuid("deployment_id")
      .notNull()
      .references(() => hubDeployments.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    at: ts("at").notNull().defaultNow(),
    type: text("type").notNull(),
    step: text("step"),
    attempt: integer("attempt"),
    level: text("level", { enum: ["debug", "info", "warn", "error"] })
      .notNull()
      .default("info"),
    message: text("message").notNull(),
    data: jsonb("data"),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.seq] })],
);

/**
 * Outbound webhook endpoints (lib/webhooks). The secret signs deliveries (HMAC needs it in clear);
 * no API answer ever returns it after creation, only its first characters as a hint.
 */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  secretHint: text("secret_hint").notNull(),
  /** Event types this endpoint receives (lib/webhooks/events.ts). */
  events: jsonb("events").notNull(),
  description: text("description"),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

/** One delivery of one event to one endpoint, with its attempts (the Admin page's delivery log). */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    payload: jsonb("payload").notNull(),
    /** queued → retrying → delivered | failed (refused targets fail at once). */
    status: text("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    responseCode: integer("response_code"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    lastAttemptAt: ts("last_attempt_at"),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt)],
);

/**
 * Shared live snapshots of what Azure says (key `hub:<hub>` or `spoke:<spoke uuid>`): every viewer
 * of every instance answers from here; one instance at a time re-reads Azure under the row's lease.
 */
export const liveSnapshots = pgTable("live_snapshots", {
  key: text("key").primaryKey(),
  data: jsonb("data"),
  /** When `data` was read (the last successful read); null until the first one. */
  readAt: ts("read_at"),
  /** When the last read started, successful or not: the cadence is counted from here. */
  attemptedAt: ts("attempted_at"),
  /** Azure's code and message when the last read failed; `data` keeps the previous good read. */
  error: text("error"),
  /** A viewer asked to read again (Refresh); honoured once the snapshot is old enough. */
  refreshRequestedAt: ts("refresh_requested_at"),
  leaseOwner: text("lease_owner"),
  leaseUntil: ts("lease_until"),
});

/**
 * The ledger of gateway entries the product created, per hub: the reconciler updates or removes
 * an entry only when a row here says which spoke owns it. Everything else on the gateway (hub
 * defaults, entries made by hand) is left exactly as it is.
 */
export const gatewayOwnedEntries = pgTable(
  "gateway_owned_entries",
  {
    hub: text("hub").notNull(),
    /** One of AGW_ENTRY_KINDS (lib/network/gateway-entries.ts). */
    kind: text("kind").notNull(),
    /** lower(name): Azure compares sub-resource names case-insensitively. */
    nameKey: text("name_key").notNull(),
    name: text("name").notNull(),
    spokeId: uuid("spoke_id")
      .notNull()
      .references(() => spokes.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.hub, t.kind, t.nameKey] }), index("gateway_owned_entries_spoke_idx").on(t.spokeId)],
);

/**
 * Fixed-window rate-limit counters shared by every app instance: one upsert per hit, keyed by
 * limit name, subject and window start. Rows of past windows are purged now and then.
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    key: text("key").notNull(),
    windowStart: ts("window_start").notNull(),
    hits: integer("hits").notNull().default(0),
    /** Request tokens already counted in this window (retries of one request count once). */
    tokens: jsonb("tokens").notNull().default([]),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_limit_hits_expires_idx").on(t.expiresAt)],
);

/**
 * The last drift check of each live spoke (lib/drift): what the comparison of its stored desired
 * state with Azure found. One row per spoke; events are appended only when the outcome changes.
 */
export const spokeDrift = pgTable(
  "spoke_drift",
  {
    spokeId: uuid("spoke_id")
      .primaryKey()
      .references(() => spokes.id),
    /** in_sync | drifted | unknown (Azure could not be read, or the spoke was busy). */
    status: text("status").notNull(),
    checkedAt: ts("checked_at").notNull(),
    /** [{resource, property, expected, actual, step}] — step re-applies the difference (Repair). */
    differences: jsonb("differences").notNull().default([]),
    /** Azure's code and message when the check could not read Azure. */
    error: text("error"),
    /** The outcome last announced by an event: `drifted:<hash of differences>`, `in_sync`, or null. */
    notified: text("notified"),
  },
  (t) => [index("spoke_drift_status_idx").on(t.status), index("spoke_drift_checked_idx").on(t.checkedAt)],
);

/**
 * Orphan sweeps (lib/sweep): each report of what is in Azure but owned by no live spoke, and each
 * cleanup with its verified outcome (re-read from Azure after the deletes).
 */
export const orphanSweeps = pgTable(
  "orphan_sweeps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** report (on demand) | scheduled | cleanup */
    kind: text("kind").notNull(),
    /** Null for the scheduled sweep. */
    requestedBy: uuid("requested_by").references(() => users.id),
    createdAt: createdAt(),
    finishedAt: ts("finished_at"),
    report: jsonb("report").notNull(),
  },
  (t) => [index("orphan_sweeps_created_idx").on(t.createdAt)],
);

/**
 * Gateway entries an admin asked to remove as orphans (no spoke owns them). The single writer
 * removes them in its next merged PUT (never ledger-owned or wished entries), then forgets the row.
 */
export const gatewayPurges = pgTable(
  "gateway_purges",
  {
    hub: text("hub").notNull(),
    kind: text("kind").notNull(),
    nameKey: text("name_key").notNull(),
    name: text("name").notNull(),
    generation: bigint("generation", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.hub, t.kind, t.nameKey] })],
);
