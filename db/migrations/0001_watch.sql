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
