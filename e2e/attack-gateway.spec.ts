/**
 * Issue 10, as bob would attack it with his API token: claiming the hub gateway's default entries,
 * another user's entries or an entry made by hand is refused at plan and at create, and leaves the
 * gateway exactly as it was; teardowns never take the hub's or anyone else's entries with them.
 * Also: an Idempotency-Key reused with another body, and `constructor` as user input.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { api, cleanupSpokes, createToken, simulator, sshRsaKey, waitForSpoke } from "./api-helpers";
import { signInAs } from "./helpers";

const AGW =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-rg/providers/Microsoft.Network/applicationGateways/hub-agw";
const ARM = { params: { "api-version": "2024-05-01" }, headers: { authorization: "Bearer e2e" } };
const COLLECTIONS = [
  "backendAddressPools",
  "backendHttpSettingsCollection",
  "httpListeners",
  "requestRoutingRules",
] as const;
type Gateway = {
  properties: Record<string, { name: string; properties?: Record<string, unknown> }[]> & { provisioningState?: string };
};

/** JSON with keys sorted at every level: a re-PUT entry may list the same properties in another order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The gateway's four entry collections as comparable data (names and settings, not provisioning state). */
async function gatewayEntries(sim: APIRequestContext): Promise<Record<string, unknown[]>> {
  const res = await sim.get(AGW, ARM);
  expect(res.status()).toBe(200);
  const gw = (await res.json()) as Gateway;
  const view = (e: { name: string; properties?: Record<string, unknown> }) => {
    const { provisioningState: _state, ...props } = e.properties ?? {};
    return canonical({ name: e.name, props });
  };
  return Object.fromEntries(COLLECTIONS.map((c) => [c, (gw.properties[c] ?? []).map(view).sort()]));
}

/** An entry added in the portal, as an operator would: a whole-gateway PUT straight to ARM. */
async function addHandMadePool(sim: APIRequestContext, name: string) {
  const gw = (await (await sim.get(AGW, ARM)).json()) as Gateway & Record<string, unknown>;
  gw.properties.backendAddressPools!.push({ name, properties: { backendAddresses: [{ ipAddress: "10.77.0.4" }] } });
  const put = await sim.put(AGW, { ...ARM, data: gw });
  expect(put.status(), await put.text()).toBeLessThan(300);
  await expect
    .poll(async () => ((await (await sim.get(AGW, ARM)).json()) as Gateway).properties.provisioningState, {
      timeout: 30_000,
    })
    .toBe("Succeeded");
}

const body = (client: string, agw?: Record<string, string>) => ({
  client_name: client,
  ssh_public_key: sshRsaKey(),
  ...(agw ? { application_gateway: agw } : {}),
});

/** Plan and create both refuse the body with a 4xx naming `entry`, and nothing is created. */
async function refusedEverywhere(token: string, json: object, entry: RegExp) {
  for (const path of ["/api/spokes/plan", "/api/spokes"]) {
    const res = await api("POST", path, { token, json });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.message).toMatch(entry);
  }
}

test.describe.configure({ mode: "serial" });

test("bob cannot take over the hub's, alice's or hand-made gateway entries; teardowns leave them intact", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const [alice, bob] = [await createToken(browser, "Alice"), await createToken(browser, "Bob")];
  const sim = await simulator();
  const handMade = `handmade-${Date.now()}`;
  await addHandMadePool(sim, handMade);
  const pristine = await gatewayEntries(sim);

  // The exploit of the issue, verbatim, and in another letter case.
  await refusedEverywhere(
    bob,
    body("bob-takeover", { backend_pool_name: "defaultPool", routing_rule_name: "defaultRoutingRule" }),
    /'defaultPool'.*belongs to no spoke/,
  );
  await refusedEverywhere(bob, body("bob-takeover", { backend_pool_name: "DEFAULTPOOL" }), /'DEFAULTPOOL'/);
  await refusedEverywhere(
    bob,
    body("bob-takeover", { routing_rule_name: "defaultRoutingRule" }),
    /routing rule 'defaultRoutingRule'/,
  );
  await refusedEverywhere(
    bob,
    body("bob-handmade", { backend_pool_name: handMade }),
    new RegExp(`'${handMade}'.*belongs to no spoke`),
  );
  expect(await gatewayEntries(sim)).toEqual(pristine);

  // Alice's spoke, with the default names `<client>-pool` / `<client>-route`.
  const aliceClient = `alice-gw-${Date.now() % 100_000}`;
  const a = await api<{ id: string }>("POST", "/api/spokes", { token: alice, json: body(aliceClient) });
  expect(a.status, JSON.stringify(a.body)).toBe(202);
  await waitForSpoke(alice, a.body.data!.id, ["completed"]);
  const withAlice = await gatewayEntries(sim);
  await refusedEverywhere(
    bob,
    body("bob-squat", { backend_pool_name: `${aliceClient}-pool` }),
    /already used by another spoke/,
  );
  await refusedEverywhere(
    bob,
    body("bob-squat", { routing_rule_name: `${aliceClient.toUpperCase()}-ROUTE` }),
    /already used by another spoke/,
  );
  expect(await gatewayEntries(sim)).toEqual(withAlice);

  // Bob's honest spoke, created with an Idempotency-Key.
  const key = `e2e-gw-${Date.now()}`;
  const bobBody = body(`bob-gw-${Date.now() % 100_000}`);
  const b = await api<{ id: string }>("POST", "/api/spokes", {
    token: bob,
    json: bobBody,
    headers: { "idempotency-key": key },
  });
  expect(b.status, JSON.stringify(b.body)).toBe(202);
  const reused = await api("POST", "/api/spokes", {
    token: bob,
    json: { ...bobBody, vm_size: "Standard_B1s" },
    headers: { "idempotency-key": key },
  });
  expect(reused.status, JSON.stringify(reused.body)).toBe(422);
  expect(reused.body.message).toMatch(
    new RegExp(`Idempotency-Key '${key}' was already used with a different request body`),
  );
  const replay = await api("POST", "/api/spokes", { token: bob, json: bobBody, headers: { "idempotency-key": key } });
  expect(replay.status).toBe(202);
  expect(JSON.stringify(replay.body.data)).toBe(JSON.stringify(b.body.data));
  await waitForSpoke(bob, b.body.data!.id, ["completed"]);
  const withBoth = await gatewayEntries(sim);

  // Alice tears down: her four entries go; the hub's, the hand-made one and bob's stay as they were.
  await cleanupSpokes(alice, [a.body.data!.id]);
  const afterAlice = await gatewayEntries(sim);
  for (const c of COLLECTIONS) {
    expect(afterAlice[c]).toEqual(withBoth[c]!.filter((e) => !String(e).includes(aliceClient)));
    expect(afterAlice[c]).toEqual(expect.arrayContaining(pristine[c]!));
  }
  await cleanupSpokes(bob, [b.body.data!.id]);
  expect(await gatewayEntries(sim)).toEqual(pristine);
  await sim.dispose();
});

test("`constructor` as an operation or a sign-in error is a refusal, not a 500", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const signIn = await page.goto("/sign-in?error=constructor");
  expect(signIn?.status()).toBe(200);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Sign-in failed.");
  const proto = await page.goto("/sign-in?error=__proto__");
  expect(proto?.status()).toBe(200);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Sign-in failed.");

  // The spoke page's server action, with its operation argument swapped on the wire.
  const bob = await createToken(browser, "Bob");
  const created = await api<{ id: string; client_name: string }>("POST", "/api/spokes", {
    token: bob,
    json: body(`bob-ctor-${Date.now() % 100_000}`),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  const spoke = created.body.data!;
  await waitForSpoke(bob, spoke.id, ["completed"]);
  await signInAs(page, "Bob");
  const answers: number[] = [];
  await page.route(`**/spokes/${spoke.id}`, async (route) => {
    const req = route.request();
    if (req.method() !== "POST" || !req.headers()["next-action"]) return route.continue();
    const postData = req.postData() ?? "";
    // The dialog first reads the teardown plan through its own action; only the operation is swapped.
    if (!postData.includes('"teardown"')) return route.continue();
    const res = await route.fetch({ postData: postData.replace('"teardown"', '"constructor"') });
    answers.push(res.status());
    await route.fulfill({ response: res });
  });
  await page.goto(`/spokes/${spoke.id}`);
  await page.getByRole("button", { name: "Tear down" }).click();
  const dialog = page.getByRole("dialog", { name: `Tear down spoke` });
  await dialog.getByLabel(/Type .* to confirm/).fill(spoke.client_name);
  await dialog.getByRole("button", { name: "Tear down" }).click();
  await expect(page.getByText("Unknown operation; use retry, rollback, cancel or teardown")).toBeVisible();
  expect(answers).toEqual([200]);
  const after = await api<{ status: string }>("GET", `/api/spokes/${spoke.id}/progress`, { token: bob });
  expect(after.body.data!.status).toBe("completed");
  await page.unroute(`**/spokes/${spoke.id}`);
  await cleanupSpokes(bob, [spoke.id]);
});
