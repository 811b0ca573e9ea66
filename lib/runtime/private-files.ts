/**
 * The data dir holds the embedded database (its WAL included), the session secret, the CLI's
 * owner secret and the simulator's TLS key: nobody but the server's own user may read it.
 * Checked at every start: too-open modes are tightened when we own the path, refused otherwise.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";

export const SECRET_FILES = ["auth-secret", "server-owner.json", path.join("arm-simulator", "key.pem")];

export class InsecurePathError extends Error {
  constructor(target: string, mode: number, want: number) {
    super(
      `${target} has mode ${mode.toString(8).padStart(4, "0")} and is not owned by this user (uid ${process.getuid?.()}); ` +
        `it must be ${want.toString(8).padStart(4, "0")}. Fix it with: chown $(id -u) '${target}' && chmod ${want.toString(8)} '${target}'`,
    );
    this.name = "InsecurePathError";
  }
}

/** Tightens `target` to `want` (0700 dirs, 0600 files); returns whether it had to. */
export function enforceMode(target: string, want: number): boolean {
  const st = statSync(target);
  const mode = st.mode & 0o777;
  if ((mode & ~want) === 0) return false;
  if (process.getuid && st.uid !== process.getuid()) throw new InsecurePathError(target, mode, want);
  chmodSync(target, want);
  return true;
}

/** Creates the data dir 0700 (or tightens it) and tightens the secrets already in it; returns what was tightened. */
export function securePrivateDir(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tightened: string[] = [];
  if (enforceMode(dataDir, 0o700)) tightened.push(dataDir);
  const sim = path.join(dataDir, "arm-simulator");
  if (existsSync(sim) && enforceMode(sim, 0o700)) tightened.push(sim);
  for (const name of SECRET_FILES) {
    const file = path.join(dataDir, name);
    if (existsSync(file) && enforceMode(file, 0o600)) tightened.push(file);
  }
  return tightened;
}
