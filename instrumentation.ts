export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { boot } = await import("./lib/runtime/boot");
    await boot();
  } catch (err) {
    // Never let start-up throw here: Next would answer 500 to every request. /api/health shows the state.
    console.error(JSON.stringify({ level: "error", msg: "start-up failed", err: String(err) }));
  }
}
