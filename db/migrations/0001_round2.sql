CREATE TABLE "gateway_owned_entries" (
	"hub" text NOT NULL,
	"kind" text NOT NULL,
	"name_key" text NOT NULL,
	"name" text NOT NULL,
	"spoke_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_owned_entries_hub_kind_name_key_pk" PRIMARY KEY("hub","kind","name_key")
);
--> statement-breakpoint
CREATE TABLE "hub_deployment_steps" (
	"deployment_id" uuid NOT NULL,
	"key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"outputs" jsonb,
	"error_code" text,
	"error_class" text,
	"error_message" text,
	CONSTRAINT "hub_deployment_steps_deployment_id_key_pk" PRIMARY KEY("deployment_id","key")
);
--> statement-breakpoint
CREATE TABLE "hub_deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub" text NOT NULL,
	"kind" text DEFAULT 'bootstrap' NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"requested_by" uuid,
	"requested_via" text NOT NULL,
	"last_event_seq" integer DEFAULT 0 NOT NULL,
	"heartbeat_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"error_code" text,
	"error_message" text,
	"error_step" text,
	"report" jsonb
);
--> statement-breakpoint
CREATE TABLE "hub_events" (
	"deployment_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"step" text,
	"attempt" integer,
	"level" text DEFAULT 'info' NOT NULL,
	"message" text NOT NULL,
	"data" jsonb,
	CONSTRAINT "hub_events_deployment_id_seq_pk" PRIMARY KEY("deployment_id","seq")
);
--> statement-breakpoint
CREATE TABLE "live_snapshots" (
	"key" text PRIMARY KEY NOT NULL,
	"data" jsonb,
	"read_at" timestamp (3) with time zone,
	"attempted_at" timestamp (3) with time zone,
	"error" text,
	"refresh_requested_at" timestamp (3) with time zone,
	"lease_owner" text,
	"lease_until" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"key" text NOT NULL,
	"window_start" timestamp (3) with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"tokens" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "rate_limit_hits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"ended_reason" text
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"response_code" integer,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp (3) with time zone,
	"delivered_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"secret_hint" text NOT NULL,
	"events" jsonb NOT NULL,
	"description" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "waiting_since" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "gateway_entries" ADD COLUMN "rejected_generation" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_entries" ADD COLUMN "rejected_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "is_dev_user" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_owned_entries" ADD CONSTRAINT "gateway_owned_entries_spoke_id_spokes_id_fk" FOREIGN KEY ("spoke_id") REFERENCES "public"."spokes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_deployment_steps" ADD CONSTRAINT "hub_deployment_steps_deployment_id_hub_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."hub_deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_deployments" ADD CONSTRAINT "hub_deployments_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_events" ADD CONSTRAINT "hub_events_deployment_id_hub_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."hub_deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_owned_entries_spoke_idx" ON "gateway_owned_entries" USING btree ("spoke_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_deployments_active_uq" ON "hub_deployments" USING btree ("hub") WHERE "hub_deployments"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "hub_deployments_hub_idx" ON "hub_deployments" USING btree ("hub","created_at");--> statement-breakpoint
CREATE INDEX "rate_limit_hits_expires_idx" ON "rate_limit_hits" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_one_active_uq" ON "deployments" USING btree ("spoke_id") WHERE "deployments"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_agw_backendPool_uq" ON "spokes" USING btree ("hub",lower("agw" ->> 'backendPool')) WHERE "spokes"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_agw_httpSettings_uq" ON "spokes" USING btree ("hub",lower("agw" ->> 'httpSettings')) WHERE "spokes"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_agw_listener_uq" ON "spokes" USING btree ("hub",lower("agw" ->> 'listener')) WHERE "spokes"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_agw_routingRule_uq" ON "spokes" USING btree ("hub",lower("agw" ->> 'routingRule')) WHERE "spokes"."deleted_at" is null;