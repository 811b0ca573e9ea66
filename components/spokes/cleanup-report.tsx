import { Badge } from "@/components/ui/badge";

interface Report {
  outcome?: string;
  resources?: { id: string; type: string; attempts: number; error?: string | null; deletedAt?: string | null }[];
  remaining?: { id: string; type: string; name: string }[] | { error: string };
}

const shortId = (id: string) => id.split("/providers/")[1] ?? id;

/** ARCHITECTURE.md §5.2's report: verified means nothing tagged for the spoke is left in Azure. */
export function CleanupReport({ report }: { report: unknown }) {
  const r = (report ?? {}) as Report;
  const ok = r.outcome === "verified" || r.outcome === "force_deletion_complete";
  const remaining = Array.isArray(r.remaining) ? r.remaining : [];
  return (
    <section
      aria-label="Cleanup report"
      className="rounded-md border border-line p-4 text-sm"
      data-testid="cleanup-report"
    >
      <div className="flex items-center gap-2">
        <h3 className="font-semibold">Cleanup report</h3>
        <Badge tone={ok ? "success" : "danger"}>{(r.outcome ?? "unknown").replace(/_/g, " ")}</Badge>
      </div>
      <p className="mt-1 text-muted">
        {r.outcome === "verified"
          ? "Verified: no resource tagged for this spoke, no hub peering and no gateway entry remains."
          : r.outcome === "force_deletion_complete"
            ? "Leftovers were found and force-deleted; nothing remains."
            : "Some resources could not be removed; they are listed below."}
      </p>
      {r.resources?.length ? (
        <table className="mt-3 w-full text-xs">
          <thead className="text-left text-muted">
            <tr>
              <th scope="col" className="py-1">
                Resource
              </th>
              <th scope="col">Attempts</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {r.resources.map((x) => (
              <tr key={x.id} className="border-t border-line">
                <td className="py-1 font-mono break-all">{shortId(x.id)}</td>
                <td>{x.attempts}</td>
                <td>
                  {x.deletedAt ? `deleted ${new Date(x.deletedAt).toLocaleTimeString()}` : (x.error ?? "remains")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {remaining.length ? (
        <ul className="mt-2 list-disc pl-5 text-xs">
          {remaining.map((x) => (
            <li key={x.id} className="font-mono break-all">
              {shortId(x.id)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
