#!/usr/bin/env node
/**
 * Fails when package-lock.json names an optional dependency it has no entry for — what happens when
 * a package's platform builds are missing from this registry (ARCHITECTURE.md G1), and makes `npm ci`
 * refuse the lockfile on a fresh machine.
 */
import { readFileSync } from "node:fs";

const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"));
const pkgs = lock.packages ?? {};
const missing = [];
for (const [where, meta] of Object.entries(pkgs)) {
  for (const dep of Object.keys(meta.optionalDependencies ?? {})) {
    // Resolve like node: walk up the nested node_modules folders.
    let dir = where;
    let found = false;
    for (;;) {
      if (pkgs[`${dir ? `${dir}/` : ""}node_modules/${dep}`]) {
        found = true;
        break;
      }
      const i = dir.lastIndexOf("/node_modules/");
      if (i < 0) {
        if (dir === "") break;
        dir = "";
        continue;
      }
      dir = dir.slice(0, i);
    }
    if (!found) missing.push(`${where || "(root)"} → ${dep}`);
  }
}
if (missing.length) {
  console.error(
    `package-lock.json lacks ${missing.length} optional dependencies (npm ci will refuse it):\n  ${missing.slice(0, 20).join("\n  ")}`,
  );
  process.exit(1);
}
console.log("lockfile: every optional dependency has an entry");
