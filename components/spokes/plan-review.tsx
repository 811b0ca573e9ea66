import { Card, CardHeader } from "@/components/ui/card";
import type { SpokePlanView } from "@/lib/spokes/plan-spoke";

function Row({ k, v }: { k: string; v: string }) {
  return (
    <tr className="border-t border-line">
      <th scope="row" className="px-4 py-1.5 text-left font-normal text-muted">
        {k}
      </th>
      <td className="px-4 py-1.5 font-mono text-xs">{v}</td>
    </tr>
  );
}

/** What Confirm will do: resources, gateway changes and every pre-flight check with Azure's reason. */
export function PlanReview({ plan }: { plan: SpokePlanView }) {
  const c = plan.config;
  const passed = plan.checks.filter((x) => x.ok).length;
  return (
    <section aria-labelledby="plan-title" className="space-y-4">
      <h2 id="plan-title" className="text-lg font-semibold">
        Plan for spoke {c.spokeNumber} · {c.clientName}
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title="Resources to create" description={`In ${c.resourceGroup}, ${c.location}`} />
          <table className="w-full text-sm">
            <tbody>
              <Row k="Virtual network" v={`${c.names.vnet} · ${c.addressPrefix}`} />
              {c.subnets.map((s) => (
                <Row key={s.name} k={`Subnet (${s.role})`} v={`${s.name} · ${s.addressPrefix}`} />
              ))}
              <Row k="Network interface" v={c.names.nic} />
              <Row k="Virtual machine" v={`${c.names.vm} · ${c.vmSize} · ${c.adminUsername}`} />
              <Row k="OS disk" v={c.names.osDisk} />
              <Row k="Peering hub → spoke" v={`${c.names.hubToSpokePeering} on ${c.hub.vnetName}`} />
              <Row k="Peering spoke → hub" v={c.names.spokeToHubPeering} />
            </tbody>
          </table>
        </Card>
        <Card>
          <CardHeader
            title="Gateway changes"
            description={`Added to ${c.hub.gatewayName} (merged by the gateway's single writer)`}
          />
          <table className="w-full text-sm">
            <tbody>
              <Row k="Backend pool" v={`${c.names.agw.backendPool} → VM private IP`} />
              <Row k="HTTP settings" v={`${c.names.agw.httpSettings} · port 80, HTTP`} />
              <Row k="Listener" v={`${c.names.agw.listener} · ${c.names.agw.hostName}`} />
              <Row k="Routing rule" v={`${c.names.agw.routingRule} · priority ${c.names.agw.priority}`} />
            </tbody>
          </table>
        </Card>
      </div>
      <Card>
        <CardHeader
          title="Pre-flight checks"
          description={`${passed} of ${plan.checks.length} passed${plan.ok ? "" : " — fix the failures before creating"}`}
        />
        <ul className="divide-y divide-line" aria-label="Pre-flight checks">
          {plan.checks.map((check) => (
            <li key={check.key} className="flex items-start gap-3 px-5 py-3 text-sm">
              <span
                aria-hidden
                className={
                  check.ok
                    ? "mt-0.5 font-bold text-green-700 dark:text-green-400"
                    : "mt-0.5 font-bold text-red-700 dark:text-red-400"
                }
              >
                {check.ok ? "✓" : "✗"}
              </span>
              <div className="min-w-0">
                <p className="font-medium">
                  {check.label} <span className="sr-only">{check.ok ? "passed" : "failed"}</span>
                  <span
                    className={
                      check.ok
                        ? "ml-2 text-xs text-green-700 dark:text-green-400"
                        : "ml-2 text-xs text-red-700 dark:text-red-400"
                    }
                    aria-hidden
                  >
                    {check.ok ? "pass" : "fail"}
                  </span>
                </p>
                <p className="break-words text-muted">
                  {check.code && !check.ok ? (
                    <code className="mr-1 font-mono text-red-700 dark:text-red-400">{check.code}</code>
                  ) : null}
                  {check.message}
                </p>
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </section>
  );
}
