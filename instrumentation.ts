export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { boot } = await import("./lib/runtime/boot");
    await boot();
  } catch (err) {
    // A configuration the server must not run with (bad settings, an open data dir, a multi-tenant
    // sign-in in Azure mode): stop with the message rather than serve.
    if (err instanceof Error && (err.name === "EnvError" || err.name === "StartupRefused")) {
      console.error(`hub-spoke-console refused to start: ${err.message}`);
      process.exit(1);
    }
    // Never let start-up throw here: Next would answer 500 to every request. /api/health shows the state.
    console.error(JSON.stringify({ level: "error", msg: "start-up failed", err: String(err) }));
  }
}
