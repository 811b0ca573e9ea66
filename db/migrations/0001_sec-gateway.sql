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
CREATE TABLE "rate_limit_hits" (
	"key" text NOT NULL,
	"window_start" timestamp (3) with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"tokens" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "rate_limit_hits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "gateway_entries" ADD COLUMN "rejected_generation" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_entries" ADD COLUMN "rejected_reason" text;--> statement-breakpoint
ALTER TABLE "gateway_owned_entries" ADD CONSTRAINT "gateway_owned_entries_spoke_id_spokes_id_fk" FOREIGN KEY ("spoke_id") REFERENCES "public"."spokes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_owned_entries_spoke_idx" ON "gateway_owned_entries" USING btree ("spoke_id");--> statement-breakpoint
CREATE INDEX "rate_limit_hits_expires_idx" ON "rate_limit_hits" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_one_active_uq" ON "deployments" USING btree ("spoke_id") WHERE "deployments"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_agw_backendPool_uq" ON "spokes" USING btree ("hub",lower("agw" ->> 'backendPool')) WHERE "spokes"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_agw_httpSettings_uq" ON "spokes" USING btree ("hub",lower("agw" ->> 'httpSettings')) WHERE "spokes"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_agw_listener_uq" ON "spokes" USING btree ("hub",lower("agw" ->> 'listener')) WHERE "spokes"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "spokes_live_agw_routingRule_uq" ON "spokes" USING btree ("hub",lower("agw" ->> 'routingRule')) WHERE "spokes"."deleted_at" is null;