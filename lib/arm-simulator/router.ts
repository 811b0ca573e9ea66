import type { Route } from "./http";

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** Case-insensitive path matching (ARM-REFERENCE §9.11); parameters keep the caller's case. */
export class Router {
  private routes: { route: Route; segments: string[] }[] = [];

  add(routes: Route[]): void {
    for (const route of routes) this.routes.push({ route, segments: route.path.split("/").filter(Boolean) });
  }

  match(method: string, path: string): Match | undefined {
    const parts = path.split("/").filter(Boolean);
    for (const { route, segments } of this.routes) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const seg = segments[i] ?? "";
        const part = parts[i] ?? "";
        if (seg.startsWith("{")) params[seg.slice(1, -1)] = safeDecode(part);
        else ok = seg === part.toLowerCase();
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  /** True when some route has this path under another method (405 vs 404). */
  knowsPath(path: string): boolean {
    return ["GET", "PUT", "DELETE", "POST", "PATCH", "HEAD"].some((m) => this.match(m, path) !== undefined);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
