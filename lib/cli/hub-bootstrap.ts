/**
 * npm run hub:bootstrap — creates what is missing of the hub (resource group, VNet, subnets,
 * public IP, Application Gateway with its defaults), printing each step as it happens. Recorded
 * in the ledger and the audit log like the Admin page's button; exits 1 when the run failed.
 */
import { env, hubConfig } from "@/lib/env";
import { setLogLevel } from "@/lib/log";
import { hubBootstrapView, hubRunDeps, startHubBootstrap, type HubBootstrapCtx } from "@/lib/hub/bootstrap";
import { runHubBootstrap } from "@/lib/hub/run-bootstrap";
import { openHubTools, ToolRefused } from "./hub-tools";

const FOLLOW_MS = 250;

async function main(): Promise<number> {
  const e = env();
  setLogLevel(e.LOG_LEVEL === "info" ? "warn" : e.LOG_LEVEL);
  const tools = await openHubTools({ db: true, tool: "hub:bootstrap" });
  try {
    const db = tools.handle!.db; // safe: asked for with db: true
    const ctx: HubBootstrapCtx = {
      db,
      azure: tools.azure,
      hub: hubConfig(e),
      timeScale: e.AZURE_MODE === "simulator" ? e.SIM_TIME_SCALE : 1,
    };
    const { id, started } = await startHubBootstrap(ctx, null, "cli");
    if (!started) console.log(`A bootstrap of this hub is already running (${id}); following it.`);
    const run = started ? runHubBootstrap(hubRunDeps(ctx), id) : Promise.resolve();
    let printed = 0;
    for (;;) {
      const view = await hubBootstrapView(db, id);
      for (const ev of view?.events.slice(printed) ?? []) {
        const mark = ev.level === "error" ? "✗" : ev.level === "warn" ? "!" : ev.type === "step.succeeded" ? "✓" : "·";
        console.log(`${ev.at.slice(11, 23)} ${mark} ${ev.step ? `[${ev.step}] ` : ""}${ev.message}`);
      }
      printed = view?.events.length ?? printed;
      if (!view || view.status === "succeeded" || view.status === "failed") {
        await run;
        return view?.status === "succeeded" ? 0 : 1;
      }
      await new Promise((r) => setTimeout(r, FOLLOW_MS));
    }
  } finally {
    await tools.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      err instanceof ToolRefused ? err.message : `hub:bootstrap: ${err instanceof Error ? err.stack : String(err)}`,
    );
    process.exit(2);
  },
);
