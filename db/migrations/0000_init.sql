CREATE TABLE "accounts" (
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	CONSTRAINT "api_tokens_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target" text,
	"ip" text,
	"user_agent" text,
	"outcome" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "deployment_events" (
	"spoke_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"deployment_id" uuid,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"step" text,
	"attempt" integer,
	"level" text DEFAULT 'info' NOT NULL,
	"message" text NOT NULL,
	"data" jsonb,
	CONSTRAINT "deployment_events_spoke_id_seq_pk" PRIMARY KEY("spoke_id","seq")
);
--> statement-breakpoint
CREATE TABLE "deployment_steps" (
	"deployment_id" uuid NOT NULL,
	"key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"inputs_hash" text,
	"outputs" jsonb,
	"error_code" text,
	"error_class" text,
	"error_message" text,
	CONSTRAINT "deployment_steps_deployment_id_key_pk" PRIMARY KEY("deployment_id","key")
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"spoke_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"requested_by" uuid NOT NULL,
	"idempotency_key" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp (3) with time zone,
	"cancel_requested_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"error_code" text,
	"error_class" text,
	"error_message" text,
	"error_step" text,
	"parent_id" uuid,
	"cleanup_report" jsonb
);
--> statement-breakpoint
CREATE TABLE "gateway_entries" (
	"hub" text NOT NULL,
	"spoke_id" uuid NOT NULL,
	"names" jsonb NOT NULL,
	"entries" jsonb,
	"generation" bigint NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_entries_hub_spoke_id_pk" PRIMARY KEY("hub","spoke_id")
);
--> statement-breakpoint
CREATE TABLE "gateway_state" (
	"hub" text PRIMARY KEY NOT NULL,
	"desired_generation" bigint DEFAULT 0 NOT NULL,
	"applied_generation" bigint DEFAULT 0 NOT NULL,
	"last_put_at" timestamp (3) with time zone,
	"last_error" text,
	"last_error_code" text,
	"failed_generation" bigint DEFAULT 0 NOT NULL,
	"put_count" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "spokes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"spoke_number" integer NOT NULL,
	"hub" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"client_name" text NOT NULL,
	"address_prefix" text NOT NULL,
	"subnets" jsonb NOT NULL,
	"vm_name" text NOT NULL,
	"vm_size" text NOT NULL,
	"admin_username" text NOT NULL,
	"ssh_public_key" text NOT NULL,
	"location" text NOT NULL,
	"resource_group" text NOT NULL,
	"agw" jsonb NOT NULL,
	"desired_config" jsonb NOT NULL,
	"config_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"last_event_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"sessions_revoked_at" timestamp (3) with time zone,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_events" ADD CONSTRAINT "deployment_events_spoke_id_spokes_id_fk" FOREIGN KEY ("spoke_id") REFERENCES "public"."spokes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_events" ADD CONSTRAINT "deployment_events_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_steps" ADD CONSTRAINT "deployment_steps_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_spoke_id_spokes_id_fk" FOREIGN KEY ("spoke_id") REFERENCES "public"."spokes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_entries" ADD CONSTRAINT "gateway_entries_spoke_id_spokes_id_fk" FOREIGN KEY ("spoke_id") REFERENCES "public"."spokes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spokes" ADD CONSTRAINT "spokes_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_user_idx" ON "accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "deployment_events_deployment_idx" ON "deployment_events" USING btree ("deployment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_idempotency_uq" ON "deployments" USING btree ("requested_by","idempotency_key") WHERE "deployments"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "deployments_spoke_idx" ON "deployments" USING btree ("spoke_id","created_at");--> statement-breakpoint
CREATE INDEX "deployments_status_idx" ON "deployments" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_number_uq" ON "spokes" USING btree ("hub","spoke_number") WHERE "spokes"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_client_uq" ON "spokes" USING btree ("hub","client_name") WHERE "spokes"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "spokes_owner_idx" ON "spokes" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "spokes_status_idx" ON "spokes" USING btree ("status");