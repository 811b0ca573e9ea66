/**
 * The process's Prometheus metrics (prom-client). One registry per process, kept on globalThis so
 * Next's module copies (route bundles, instrumentation) and hot reloads share it. Metrics are per
 * instance: in a multi-instance deployment Prometheus scrapes each one and sums (README "Metrics").
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Values read at scrape time (queue depth), registered by whoever owns the source. */
type DepthReader = () => Promise<Record<string, number>>;

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "hsc_process_" });
  const depthReaders: DepthReader[] = [];
  const metrics = {
    deployments: new Counter({
      name: "hsc_deployments_total",
      help: "Deployments that reached a terminal state, by kind (create, update, rollback, teardown) and outcome",
      labelNames: ["kind", "outcome"] as const,
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: "hsc_step_duration_seconds",
      help: "Wall time of one step, all its attempts included, by step and outcome",
      labelNames: ["step", "outcome"] as const,
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
    armRequests: new Counter({
      name: "hsc_arm_requests_total",
      help: "HTTP requests to Azure Resource Manager (each retry counted), by operation (method and resource type) and status; 429 is throttling",
      labelNames: ["operation", "status"] as const,
      registers: [registry],
    }),
    gatewayPuts: new Counter({
      name: "hsc_gateway_puts_total",
      help: "Application Gateway PUTs by the reconciler, by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    gatewayQueueWait: new Histogram({
      name: "hsc_gateway_queue_wait_seconds",
      help: "How long a step waited for the reconciler to apply its gateway change",
      labelNames: ["step", "outcome"] as const,
      buckets: [0.05, 0.25, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    sseClients: new Gauge({
      name: "hsc_sse_clients",
      help: "Open event streams (SSE) on this instance",
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "hsc_webhook_deliveries_total",
      help: "Webhook delivery attempts, by event and outcome (delivered, retrying, failed, refused)",
      labelNames: ["event", "outcome"] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "hsc_queue_depth",
      help: "Jobs waiting (queued or waiting to retry) per queue, read from the database at scrape time; the same for every instance",
      labelNames: ["queue"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const read of depthReaders) {
          for (const [queue, n] of Object.entries(await read())) this.set({ queue }, n);
        }
      },
    }),
  };
  return { registry, metrics, depthReaders };
}

const g = globalThis as unknown as { __hscMetrics?: ReturnType<typeof build> };

function state() {
  g.__hscMetrics ??= build();
  return g.__hscMetrics;
}

export function metrics() {
  return state().metrics;
}

/** Adds a scrape-time reader of queue depths; returns its removal. */
export function addQueueDepthReader(read: DepthReader): () => void {
  const readers = state().depthReaders;
  readers.push(read);
  return () => {
    const i = readers.indexOf(read);
    if (i >= 0) readers.splice(i, 1);
  };
}

/** The Prometheus text exposition of every metric, and its content type. */
export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry } = state();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** The same values as structured data (prom-client's JSON form); tests read histogram counts from it. */
export async function metricsAsJson() {
  return state().registry.getMetricsAsJSON();
}
