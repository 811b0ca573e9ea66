/**
 * The LISTEN connection behind the fan-out. On the real server it is a dedicated postgres.js
 * connection, because the fan-out must hear about reconnects: postgres.js re-issues LISTEN after the
 * connection drops (retrying with backoff) and calls `onlisten` each time, which DbHandle.listen
 * does not expose. PGlite is in-process and never drops.
 */
import postgres from "postgres";
import type { DbHandle } from "@/db/client";

export type StopListening = () => Promise<void>;

/** `onListening` runs after every successful (re)subscribe, the first one included. */
export async function listenForEvents(
  handle: DbHandle,
  channel: string,
  onPayload: (payload: string) => void,
  onListening: () => void,
): Promise<StopListening> {
  if (handle.driver === "pglite" || !handle.connectionString) {
    const off = await handle.listen(channel, onPayload);
    onListening();
    return off;
  }
  const sql = postgres(handle.connectionString, {
    max: 1,
    onnotice: () => {},
    // Named, so operators (and our reconnect test) can find it in pg_stat_activity.
    connection: { application_name: "hsc-event-listener" },
  });
  try {
    const sub = await sql.listen(channel, onPayload, onListening);
    return async () => {
      await sub.unlisten().catch(() => {});
      await sql.end({ timeout: 1 });
    };
  } catch (err) {
    await sql.end({ timeout: 1 });
    throw err;
  }
}
