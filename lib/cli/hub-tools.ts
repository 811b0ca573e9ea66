/**
 * What the hub command-line tools share: Azure (and the database) opened the way the console
 * opens them, refusing what would clash with a running console on the same DATA_DIR.
 */
import path from "node:path";
import { openDatabase, type DbHandle } from "@/db/client";
import type { ArmSimulator } from "@/lib/arm-simulator";
import type { AzureGateway } from "@/lib/azure/types";
import { env } from "@/lib/env";
import { readOwner } from "@/lib/runtime/data-dir-owner";
import { azureFor } from "@/lib/runtime/services";

export interface HubTools {
  azure: AzureGateway;
  handle?: DbHandle;
  simulator?: ArmSimulator;
  close(): Promise<void>;
}

export class ToolRefused extends Error {}

export async function openHubTools(opts: { db: boolean; tool: string }): Promise<HubTools> {
  const e = env();
  const owner = readOwner(e.DATA_DIR);
  // PGlite has no cross-process locking, and an embedded simulator belongs to the console that started it.
  if (owner && (opts.db ? !e.DATABASE_URL : e.AZURE_MODE === "simulator" && !e.ARM_SIMULATOR_URL)) {
    throw new ToolRefused(
      `${opts.tool}: the console (pid ${owner.pid}, port ${owner.port}) owns ${e.DATA_DIR}; use its Admin page, or run with DATABASE_URL and ARM_SIMULATOR_URL shared with it`,
    );
  }
  const { azure, simulator } = await azureFor();
  const handle = opts.db
    ? await openDatabase({ databaseUrl: e.DATABASE_URL, pgliteDir: path.join(e.DATA_DIR, "pglite") })
    : undefined;
  return {
    azure,
    handle,
    simulator,
    async close() {
      await handle?.close();
      await simulator?.stop();
    },
  };
}
