/**
 * `npm run console`: check the configuration, build, then `next start` on BIND_ADDRESS — loopback
 * by default while the passwordless development sign-in is on (plain `next start` listens on every
 * interface, which would hand an admin console to anyone who can reach the machine).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { bindAddress, env, isDevSignInEnabled, signInConfigErrors } from "@/lib/env";
import { securePrivateDir } from "@/lib/runtime/private-files";

const next = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

function run(args: string[]): Promise<number> {
  const child = spawn(process.execPath, [next, ...args], { stdio: "inherit" });
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
}

function preflight(): { host: string; port: number } {
  const e = env();
  const problems = signInConfigErrors(e);
  if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  const tightened = securePrivateDir(e.DATA_DIR);
  if (tightened.length)
    console.warn(`console: tightened permissions (0700 dirs, 0600 secrets): ${tightened.join(", ")}`);
  const host = bindAddress(e);
  if (isDevSignInEnabled(e) && !["127.0.0.1", "::1", "localhost"].includes(host)) {
    console.warn(
      `console: WARNING: the development sign-in (no password) is on and BIND_ADDRESS=${host} exposes it to the network.`,
    );
  }
  return { host, port: e.PORT };
}

async function main() {
  const { host, port } = preflight();
  if (!process.argv.includes("--no-build")) {
    const built = await run(["build"]);
    if (built !== 0) process.exit(built);
  }
  console.log(`console: listening on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
  process.exit(await run(["start", "-H", host, "-p", String(port)]));
}

main().catch((err: unknown) => {
  console.error(`console refused to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
