// npm run container:compose-check: compose.yaml against the Compose Specification's JSON schema
// (dclint, run through npx so it is no dependency of the project), then the references between
// its services that no schema sees: who mounts what where, which URL names which service.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const file = process.argv[2] ?? path.join(root, "compose.yaml");
// Ordering rules are style only; the schema check ("invalid-schema") and the port rules stay on.
const STYLE_RULES = ["service-keys-order", "services-alphabetical-order", "top-level-properties-order"];

function lint() {
  const args = ["--yes", "dclint@3.1.0", file, "--max-warnings", "0", "--disable-rule", ...STYLE_RULES];
  const res = spawnSync("npx", args, { stdio: "inherit", cwd: root });
  return res.status === 0;
}

// ${VAR:-default} → default; ${VAR}, ${VAR:?message} → <VAR>; the shapes compose interpolates.
function interpolate(text) {
  return text.replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_, name, fallback) => fallback ?? `<${name}>`);
}

/** Where `containerPath` of `service` lives: { volume, rest } for a path under a named volume. */
function onVolume(service, containerPath) {
  for (const spec of service.volumes ?? []) {
    const [source, target] = String(spec).split(":");
    if (/^[\w-]+$/.test(source) && (containerPath === target || containerPath.startsWith(`${target}/`))) {
      return { volume: source, rest: path.posix.relative(target, containerPath) };
    }
  }
  return undefined;
}

function checkReferences(doc) {
  const problems = [];
  const fail = (msg) => problems.push(msg);
  const services = doc.services ?? {};
  const declared = new Set(Object.keys(doc.volumes ?? {}));
  const hostPorts = new Map();
  for (const [name, svc] of Object.entries(services)) {
    for (const [dep, how] of Object.entries(svc.depends_on ?? {})) {
      if (!services[dep]) fail(`${name}: depends_on unknown service ${dep}`);
      else if (how?.condition === "service_healthy" && !services[dep].healthcheck && !services[dep].build)
        fail(`${name}: waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
    }
    for (const spec of svc.volumes ?? []) {
      const source = String(spec).split(":")[0];
      if (/^[\w-]+$/.test(source) && !declared.has(source)) fail(`${name}: volume ${source} is not declared`);
    }
    for (const port of svc.ports ?? []) {
      const published = String(port).split(":").slice(0, -1).join(":");
      if (hostPorts.has(published))
        fail(`${name}: host port ${published} already published by ${hostPorts.get(published)}`);
      hostPorts.set(published, name);
    }
    const env = svc.environment ?? {};
    if (env.ARM_SIMULATOR_URL) checkSimulatorLink(name, svc, env, services, fail);
    if (env.DATABASE_URL) checkDatabaseLink(name, env, services, fail);
  }
  return problems;
}

function checkSimulatorLink(name, svc, env, services, fail) {
  const url = new URL(env.ARM_SIMULATOR_URL);
  const sim = services[url.hostname];
  if (!sim) return fail(`${name}: ARM_SIMULATOR_URL names no service (${url.hostname})`);
  const simEnv = sim.environment ?? {};
  if (String(simEnv.SIM_PORT) !== url.port)
    fail(`${name}: ARM_SIMULATOR_URL port ${url.port}, simulator SIM_PORT ${simEnv.SIM_PORT}`);
  if (simEnv.SIM_PUBLIC_URL !== env.ARM_SIMULATOR_URL)
    fail(
      `${name}: the simulator's SIM_PUBLIC_URL (${simEnv.SIM_PUBLIC_URL}) is not ${env.ARM_SIMULATOR_URL}, so its operation URLs and certificate name another host`,
    );
  if (simEnv.SIM_HOST !== "0.0.0.0") fail(`${url.hostname}: SIM_HOST must be 0.0.0.0 to be reachable from ${name}`);
  const written = onVolume(sim, path.posix.join(simEnv.SIM_DATA_DIR ?? "", "ca.pem"));
  const read = onVolume(svc, env.ARM_SIMULATOR_CA_FILE ?? "");
  if (!written || !read || written.volume !== read.volume || written.rest !== read.rest) {
    fail(
      `${name}: ARM_SIMULATOR_CA_FILE ${env.ARM_SIMULATOR_CA_FILE} is not the ca.pem the simulator writes into SIM_DATA_DIR ${simEnv.SIM_DATA_DIR}`,
    );
  }
}

function checkDatabaseLink(name, env, services, fail) {
  const url = new URL(env.DATABASE_URL);
  const db = services[url.hostname];
  if (!db) return fail(`${name}: DATABASE_URL names no service (${url.hostname})`);
  const dbEnv = db.environment ?? {};
  if (decodeURIComponent(url.username) !== dbEnv.POSTGRES_USER)
    fail(`${name}: DATABASE_URL user ${url.username}, POSTGRES_USER ${dbEnv.POSTGRES_USER}`);
  if (url.pathname.slice(1) !== dbEnv.POSTGRES_DB)
    fail(`${name}: DATABASE_URL database ${url.pathname}, POSTGRES_DB ${dbEnv.POSTGRES_DB}`);
  if (decodeURIComponent(url.password) !== dbEnv.POSTGRES_PASSWORD)
    fail(`${name}: DATABASE_URL password is not POSTGRES_PASSWORD`);
}

const linted = lint();
const doc = parse(interpolate(readFileSync(file, "utf8")), { merge: true });
const problems = checkReferences(doc);
for (const p of problems) console.error(`compose reference: ${p}`);
const services = Object.keys(doc.services ?? {});
console.log(
  `${path.relative(root, file)}: schema and lint ${linted ? "ok" : "FAILED"}; ${services.length} services (${services.join(", ")}), references ${problems.length ? `${problems.length} problem(s)` : "ok"}`,
);
process.exit(linted && problems.length === 0 ? 0 : 1);
