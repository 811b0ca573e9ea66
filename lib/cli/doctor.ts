/**
 * npm run doctor — configuration, credential, hub and permissions, one line each with what to do.
 * Only reads. Exits 1 when a check fails (warnings do not), 2 when it could not run at all.
 */
import { EnvError, env, hubConfig } from "@/lib/env";
import { setLogLevel } from "@/lib/log";
import { runDoctor, type DoctorCheck } from "@/lib/hub/doctor";
import { accessProbeFor } from "@/lib/hub/doctor-verb";
import { openHubTools, ToolRefused } from "./hub-tools";

const MARK = { pass: "PASS", warn: "WARN", fail: "FAIL" } as const;

function print(c: DoctorCheck) {
  console.log(`${MARK[c.status]}  ${c.group.padEnd(13)} ${c.title}: ${c.detail}`);
  if (c.fix && c.status !== "pass") console.log(`      ${"".padEnd(13)} → ${c.fix}`);
}

async function main(): Promise<number> {
  let e;
  try {
    e = env();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    print({
      group: "configuration",
      title: "Settings are valid",
      status: "fail",
      detail: err.message.replace(/\n\s*/g, " "),
      fix: "Fix the variables named above (.env.example describes each).",
    });
    return 1;
  }
  setLogLevel("warn");
  let tools;
  try {
    tools = await openHubTools({ db: false, tool: "doctor" });
  } catch (err) {
    if (err instanceof ToolRefused) throw err;
    print({
      group: "credential",
      title: "Azure can be reached",
      status: "fail",
      detail: err instanceof Error ? err.message : String(err),
      fix: "Check ARM_SIMULATOR_URL / ARM_SIMULATOR_CA_FILE, or AZURE_MODE=azure with AZURE_SUBSCRIPTION_ID.",
    });
    return 1;
  }
  try {
    const report = await runDoctor({ env: e, hub: hubConfig(e), azure: tools.azure, access: accessProbeFor(e) });
    report.checks.forEach(print);
    const failed = report.checks.filter((c) => c.status === "fail").length;
    console.log(
      report.ok
        ? `\ndoctor: all checks passed (${report.checks.length})`
        : `\ndoctor: ${failed} of ${report.checks.length} checks failed`,
    );
    return report.ok ? 0 : 1;
  } finally {
    await tools.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      err instanceof ToolRefused ? err.message : `doctor: ${err instanceof Error ? err.stack : String(err)}`,
    );
    process.exit(2);
  },
);
