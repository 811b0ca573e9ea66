import { Card, CardHeader } from "@/components/ui/card";
import type { SpokeFormCatalog } from "@/lib/queries/spokes";
import type { useSpokeDraft } from "./use-spoke-draft";

/** The address plan as you type, computed in the browser by the same pure code the server uses. */
export function SpokePreview({ live, catalog }: { live: ReturnType<typeof useSpokeDraft>; catalog: SpokeFormCatalog }) {
  return (
    <Card className="self-start">
      <CardHeader
        title="Address plan"
        description={`Pool ${catalog.address_space}, one /${catalog.prefix_length} per spoke`}
      />
      <div className="space-y-4 p-5 text-sm" aria-live="polite" data-testid="address-plan">
        {live?.addressPrefix ? (
          <>
            <p>
              Spoke <span className="font-mono font-semibold">{live.number}</span> →{" "}
              <span className="font-mono font-semibold">{live.addressPrefix}</span>
              {live.suggested ? <span className="ml-2 text-xs text-muted">(next free)</span> : null}
            </p>
            {live.subnets ? (
              <table className="w-full">
                <caption className="sr-only">Subnets</caption>
                <tbody>
                  {live.subnets.map((s) => (
                    <tr key={s.role} className="border-t border-line">
                      <td className="py-1 pr-2 font-mono text-xs">{s.name}</td>
                      <td className="py-1 text-right font-mono text-xs">{s.addressPrefix}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="text-red-700 dark:text-red-300">Fix the subnet prefixes to see the subnets.</p>
            )}
            {live.names ? (
              <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
                <dt className="text-muted">VNet</dt>
                <dd className="font-mono">{live.names.vnet}</dd>
                <dt className="text-muted">VM</dt>
                <dd className="font-mono">{live.names.vm}</dd>
                <dt className="text-muted">Host</dt>
                <dd className="font-mono break-all">{live.names.agw.hostName}</dd>
                <dt className="text-muted">Rule priority</dt>
                <dd className="font-mono">{live.names.agw.priority}</dd>
              </dl>
            ) : null}
          </>
        ) : (
          <p className="text-muted">{live?.errors.spoke_id ?? "No free address block is left in the pool."}</p>
        )}
      </div>
    </Card>
  );
}
