import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { JsonObject } from "./types";

export const SNAPSHOT_FILE = "state.json";

/** Debounced, atomic (write temp + rename) snapshots of the simulator state. */
export class Snapshotter {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private dir: string,
    private serialize: () => JsonObject,
    private debounceMs = 100,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  load(): JsonObject | undefined {
    const file = join(this.dir, SNAPSHOT_FILE);
    if (!existsSync(file)) return undefined;
    return JSON.parse(readFileSync(file, "utf8")) as JsonObject;
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const file = join(this.dir, SNAPSHOT_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.serialize()));
    renameSync(tmp, file);
  }
}
