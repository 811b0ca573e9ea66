"use client";

import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { spokeListQuery } from "@/lib/queries/spokes";

export function SpokeList({ showOwner }: { showOwner: boolean }) {
  const { data, error, isPending } = useQuery(spokeListQuery({}));
  if (isPending) return <Card className="p-6 text-sm text-muted">Loading spokes…</Card>;
  if (error) return <Card role="alert" className="p-6 text-sm text-red-700 dark:text-red-300">Could not load spokes: {error.message}</Card>;
  if (data.spokes.length === 0) {
    return (
      <Card className="flex flex-col items-center gap-2 px-6 py-16 text-center">
        <h2 className="text-lg font-semibold">No spokes yet</h2>
        <p className="max-w-md text-sm text-muted">
          A spoke is an isolated VNet with four subnets, an Ubuntu VM, two-way peering with the hub and a route on the
          hub&apos;s Application Gateway.
        </p>
      </Card>
    );
  }
  return (
    <Card className="overflow-hidden">
      <table className="w-full text-left text-sm">
        <thead className="bg-surface-2 text-xs uppercase text-muted">
          <tr>
            <th scope="col" className="px-4 py-2">#</th>
            <th scope="col" className="px-4 py-2">Client</th>
            <th scope="col" className="px-4 py-2">Address space</th>
            <th scope="col" className="px-4 py-2">Status</th>
            {showOwner ? <th scope="col" className="px-4 py-2">Owner</th> : null}
            <th scope="col" className="px-4 py-2">Created</th>
          </tr>
        </thead>
        <tbody>
          {data.spokes.map((s) => (
            <tr key={s.id} className="border-t border-line">
              <td className="px-4 py-2 font-mono">{s.spoke_id}</td>
              <td className="px-4 py-2 font-medium">{s.client_name}</td>
              <td className="px-4 py-2 font-mono">{s.address_prefix}</td>
              <td className="px-4 py-2">{s.status}</td>
              {showOwner ? <td className="px-4 py-2">{s.owner.email}</td> : null}
              <td className="px-4 py-2 text-muted">{new Date(s.created_at).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
