import { defineConfig } from "@playwright/test";

// Built app in embedded mode on a fresh data dir (PGlite + simulator + dev sign-in).
// E2E_PORT lets two checkouts run the suite side by side on one machine.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const AZURE_PORT = PORT + 1;
const common = {
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_TRUST_HOST: "true",
  AUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
  LOG_LEVEL: "warn",
};
const next = "node node_modules/next/dist/bin/next start";
export const BASE_URL = `http://localhost:${PORT}`;
/** The embedded-mode server's data dir (its owner record lets e2e helpers mint an admin token). */
export const E2E_DATA_DIR = ".data/e2e";

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: `rm -rf ${E2E_DATA_DIR} && ${next} -p ${PORT}`,
      url: `http://localhost:${PORT}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      // A short SSE heartbeat so the idle-stream test need not wait 15 s; a sign-in limit the
      // suite's own sign-ins stay under (api-auth.spec.ts exceeds it for a probe account).
      // Live views re-read every 3 s (not 10): specs that open the topology right after a create
      // see the new spoke within their expect timeout.
      env: {
        ...common,
        DATA_DIR: E2E_DATA_DIR,
        SIM_PROFILE: "fast",
        SIM_TIME_SCALE: "1",
        SSE_HEARTBEAT_MS: "500",
        SIGN_IN_RATE_LIMIT: "20",
        LIVE_REFRESH_SECONDS: "3",
      },
    },
    {
      // Azure mode: the development sign-in must be refused. No subscription or tenant is reachable
      // here; the Entra settings only satisfy the start-up check (a tenant-specific issuer).
      command: `rm -rf .data/e2e-azure && ${next} -p ${AZURE_PORT}`,
      url: `http://localhost:${AZURE_PORT}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        ...common,
        DATA_DIR: ".data/e2e-azure",
        AZURE_MODE: "azure",
        AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-00000000e2e0",
        AUTH_MICROSOFT_ENTRA_ID_ID: "00000000-0000-0000-0000-00000000e2e1",
        AUTH_MICROSOFT_ENTRA_ID_SECRET: "e2e-not-a-secret",
        AUTH_MICROSOFT_ENTRA_ID_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000e2e2/v2.0",
      },
    },
  ],
});

export const AZURE_MODE_URL = `http://localhost:${AZURE_PORT}`;
