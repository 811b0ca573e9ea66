/** A webhook receiver for tests: an HTTP server on 127.0.0.1 that records what it gets. Tests only. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; data: Record<string, unknown> };
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Waits until some received delivery satisfies the predicate. */
  waitFor(pred: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}

/** `statuses` are answered in order, then 200 for ever. */
export async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const received: Received[] = [];
  const queue = [...statuses];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body, json: JSON.parse(body) as Received["json"] });
      res.statusCode = queue.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port; // safe because listen() on a TCP port was awaited
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    async waitFor(pred, timeoutMs = 30_000) {
      const started = Date.now();
      for (;;) {
        const hit = received.find(pred);
        if (hit) return hit;
        if (Date.now() - started > timeoutMs)
          throw new Error(`no matching delivery; got ${received.map((r) => r.json.type).join(", ") || "nothing"}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
