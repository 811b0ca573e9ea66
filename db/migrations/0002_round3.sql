CREATE TABLE "gateway_purges" (
	"hub" text NOT NULL,
	"kind" text NOT NULL,
	"name_key" text NOT NULL,
	"name" text NOT NULL,
	"generation" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_purges_hub_kind_name_key_pk" PRIMARY KEY("hub","kind","name_key")
);
--> statement-breakpoint
CREATE TABLE "orphan_sweeps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"requested_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spoke_drift" (
	"spoke_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"checked_at" timestamp (3) with time zone NOT NULL,
	"differences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"notified" text
);
--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "params" jsonb;--> statement-breakpoint
ALTER TABLE "orphan_sweeps" ADD CONSTRAINT "orphan_sweeps_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spoke_drift" ADD CONSTRAINT "spoke_drift_spoke_id_spokes_id_fk" FOREIGN KEY ("spoke_id") REFERENCES "public"."spokes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orphan_sweeps_created_idx" ON "orphan_sweeps" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "spoke_drift_status_idx" ON "spoke_drift" USING btree ("status");--> statement-breakpoint
CREATE INDEX "spoke_drift_checked_idx" ON "spoke_drift" USING btree ("checked_at");