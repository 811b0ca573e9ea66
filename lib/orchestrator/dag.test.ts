import { describe, expect, it } from "vitest";
import { dagErrors, type DagNode, readySteps, runDag, type StepOutcome, topologicalOrder } from "./dag";

const node = (key: string, ...dependsOn: string[]): DagNode => ({ key, dependsOn });

/** a → (b, c) → d, plus e on its own. */
const diamond = [node("a"), node("b", "a"), node("c", "a"), node("d", "b", "c"), node("e")];

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

/** Fails fast instead of hanging until the test timeout when steps do not overlap. */
function within(promise: Promise<void>, ms: number): Promise<void> {
  return Promise.race([
    promise,
    new Promise<void>((_, reject) => setTimeout(() => reject(new Error("steps did not overlap")), ms)),
  ]);
}

describe("dagErrors", () => {
  it("accepts a valid graph", () => expect(dagErrors(diamond)).toEqual([]));

  it.each([
    [[node("a"), node("a")], "duplicate step a"],
    [[node("a", "zzz")], "step a depends on unknown step zzz"],
    [[node("a", "a")], "cycle: a → a"],
    [[node("a", "c"), node("b", "a"), node("c", "b")], "cycle: a → c → b → a"],
  ])("reports %j", (steps, error) => expect(dagErrors(steps)).toContain(error));
});

describe("readySteps", () => {
  it("offers roots first, then dependants of succeeded or skipped steps", () => {
    expect(readySteps(diamond, {}).map((s) => s.key)).toEqual(["a", "e"]);
    expect(readySteps(diamond, { a: "succeeded", e: "running" }).map((s) => s.key)).toEqual(["b", "c"]);
    expect(
      readySteps(diamond, { a: "succeeded", b: "skipped", c: "succeeded", e: "succeeded" }).map((s) => s.key),
    ).toEqual(["d"]);
  });

  it("never offers dependants of a failed or compensated step", () => {
    expect(readySteps(diamond, { a: "failed", e: "succeeded" })).toEqual([]);
    expect(readySteps(diamond, { a: "compensated", e: "succeeded" })).toEqual([]);
  });
});

describe("topologicalOrder", () => {
  it("puts every step after its dependencies", () => {
    const order = topologicalOrder([node("d", "b", "c"), node("c", "a"), node("b", "a"), node("a")]).map((s) => s.key);
    expect(order.indexOf("a")).toBeLessThan(order.indexOf("b"));
    expect(order.indexOf("b")).toBeLessThan(order.indexOf("d"));
    expect(order.indexOf("c")).toBeLessThan(order.indexOf("d"));
  });
});

describe("runDag", () => {
  it("runs independent steps at the same time", async () => {
    // Each of b and c waits until the other has started: this only completes if they overlap.
    const started = { b: deferred(), c: deferred() };
    const spans: Record<string, [number, number]> = {};
    const statuses = await runDag(diamond, {
      async executeStep(step) {
        const begin = performance.now();
        if (step.key === "b") {
          started.b.resolve();
          await within(started.c.promise, 2_000);
        }
        if (step.key === "c") {
          started.c.resolve();
          await within(started.b.promise, 2_000);
        }
        await tick();
        spans[step.key] = [begin, performance.now()];
        return "succeeded";
      },
    });
    expect(Object.values(statuses).every((s) => s === "succeeded")).toBe(true);
    const [bStart, bEnd] = spans.b ?? [0, 0];
    const [cStart, cEnd] = spans.c ?? [0, 0];
    expect(bStart).toBeLessThan(cEnd);
    expect(cStart).toBeLessThan(bEnd);
  });

  it("starts a step only after all its dependencies finished", async () => {
    const events: string[] = [];
    await runDag(diamond, {
      async executeStep(step) {
        events.push(`start ${step.key}`);
        await tick();
        events.push(`end ${step.key}`);
        return "succeeded";
      },
    });
    const at = (event: string) => events.indexOf(event);
    expect(at("start b")).toBeGreaterThan(at("end a"));
    expect(at("start c")).toBeGreaterThan(at("end a"));
    expect(at("start d")).toBeGreaterThan(Math.max(at("end b"), at("end c")));
    expect(at("start e")).toBeLessThan(at("end a"));
  });

  it("never starts dependants of a failed step, but finishes the other branches", async () => {
    const started: string[] = [];
    const statuses = await runDag(diamond, {
      async executeStep(step) {
        started.push(step.key);
        await tick();
        return step.key === "b" ? "failed" : "succeeded";
      },
    });
    expect(statuses).toEqual({ a: "succeeded", b: "failed", c: "succeeded", d: "pending", e: "succeeded" });
    expect(started).not.toContain("d");
  });

  it("lets skipped steps satisfy their dependants", async () => {
    const statuses = await runDag(diamond, {
      executeStep: async (step): Promise<StepOutcome> => (step.key === "a" ? "skipped" : "succeeded"),
    });
    expect(statuses.d).toBe("succeeded");
  });

  it("resumes: succeeded steps are not re-run, running ones are", async () => {
    const started: string[] = [];
    const statuses = await runDag(diamond, {
      initialStatuses: { a: "succeeded", b: "running", e: "succeeded" },
      async executeStep(step) {
        started.push(step.key);
        return "succeeded";
      },
    });
    expect(started.sort()).toEqual(["b", "c", "d"]);
    expect(Object.values(statuses).every((s) => s === "succeeded")).toBe(true);
  });

  it("on abort stops launching new steps but awaits the running ones", async () => {
    const controller = new AbortController();
    let bFinished = false;
    const statuses = await runDag(diamond, {
      signal: controller.signal,
      async executeStep(step) {
        if (step.key === "b") {
          controller.abort();
          await tick();
          bFinished = true;
        }
        return "succeeded";
      },
    });
    expect(bFinished).toBe(true);
    expect(statuses.b).toBe("succeeded");
    expect(statuses.d).toBe("pending");
  });

  it("starts nothing when already aborted", async () => {
    const statuses = await runDag(diamond, { signal: AbortSignal.abort(), executeStep: async () => "succeeded" });
    expect(Object.values(statuses).every((s) => s === "pending")).toBe(true);
  });

  it("marks a throwing step failed and reports the error to the hook", async () => {
    const reported: string[] = [];
    const statuses = await runDag([node("a"), node("b", "a")], {
      executeStep: async () => {
        throw new Error("boom");
      },
      onStepError: (step, error) => reported.push(`${step.key}: ${(error as Error).message}`),
    });
    expect(statuses).toEqual({ a: "failed", b: "pending" });
    expect(reported).toEqual(["a: boom"]);
  });

  it("rethrows step errors after everything settled when no hook is given", async () => {
    let otherFinished = false;
    const run = runDag([node("a"), node("slow")], {
      async executeStep(step) {
        if (step.key === "a") throw new Error("boom");
        await tick();
        otherFinished = true;
        return "succeeded";
      },
    });
    await expect(run).rejects.toBeInstanceOf(AggregateError);
    expect(otherFinished).toBe(true);
  });

  it("reports status changes in order", async () => {
    const seen: string[] = [];
    await runDag([node("a"), node("b", "a")], {
      executeStep: async () => "succeeded",
      onStatus: (key, status) => seen.push(`${key}:${status}`),
    });
    expect(seen).toEqual(["a:running", "a:succeeded", "b:running", "b:succeeded"]);
  });

  it("refuses an invalid graph before running anything", async () => {
    await expect(runDag([node("a", "b")], { executeStep: async () => "succeeded" })).rejects.toThrow(/unknown step b/);
  });
});
