/** Idempotency-Key on create: fifty concurrent copies of one request make one spoke and one deployment. */
import { expect, test } from "@playwright/test";
import { api, cleanupSpokes, createToken, sshRsaKey, waitForSpoke } from "./api-helpers";

test("50 concurrent identical POSTs with one Idempotency-Key → one deployment, fifty identical answers", async ({
  browser,
}) => {
  const token = await createToken(browser, "Bob");
  const key = `e2e-idem-${Date.now()}`;
  const body = { client_name: "idempotent-corp", ssh_public_key: sshRsaKey() };
  const answers = await Promise.all(
    Array.from({ length: 50 }, () =>
      api<{ id: string; deployment_id: string }>("POST", "/api/spokes", {
        token,
        json: body,
        headers: { "idempotency-key": key },
      }),
    ),
  );
  const statuses = answers.map((a) => a.status);
  expect(statuses, JSON.stringify(answers.find((a) => a.status !== 202)?.body)).toEqual(Array(50).fill(202));
  const first = JSON.stringify(answers[0]!.body);
  for (const a of answers) expect(JSON.stringify(a.body)).toBe(first);

  const created = answers[0]!.body.data!;
  const mine = await api<{ id: string; client_name: string }[]>("GET", "/api/spokes?limit=200", { token });
  expect(mine.body.data!.filter((s) => s.client_name === "idempotent-corp").map((s) => s.id)).toEqual([created.id]);
  await waitForSpoke(token, created.id, ["completed"]);
  const detail = await api<{ deployments: { id: string }[] }>("GET", `/api/spokes/${created.id}`, { token });
  expect(detail.body.data!.deployments.map((d) => d.id)).toEqual([created.deployment_id]);

  // A late retry of the same request still answers as the first did, without a new deployment.
  const late = await api("POST", "/api/spokes", { token, json: body, headers: { "idempotency-key": key } });
  expect(late.status).toBe(202);
  expect(JSON.stringify(late.body)).toBe(first);
  await cleanupSpokes(token, [created.id]);
});
