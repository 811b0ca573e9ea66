/** Rows the realtime tests need: a user, a spoke and its deployments. Each test makes its own. */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { deployments, spokes, users } from "@/db/schema";
import type { DeploymentKind, DeploymentStatus } from "@/lib/orchestrator/status";

let spokeNumber = 0;

export async function makeSpoke(db: Db): Promise<{ spokeId: string; userId: string }> {
  const tag = randomUUID().slice(0, 8);
  const [user] = await db.insert(users).values({ email: `rt-${tag}@example.com`, name: tag }).returning();
  if (!user) throw new Error("no user");
  const n = (spokeNumber = (spokeNumber % 250) + 1);
  const [spoke] = await db
    .insert(spokes)
    .values({
      spokeNumber: n,
      hub: `hub-${tag}`,
      ownerId: user.id,
      clientName: `client-${tag}`,
      addressPrefix: `10.11.${n}.0/24`,
      subnets: [],
      vmName: `spoke-vm-${n}`,
      vmSize: "Standard_B2s",
      adminUsername: "azureuser",
      sshPublicKey: "ssh-ed25519 AAAA",
      location: "eastus",
      resourceGroup: "hub-rg",
      agw: {},
      desiredConfig: {},
      configHash: "x",
    })
    .returning();
  if (!spoke) throw new Error("no spoke");
  return { spokeId: spoke.id, userId: user.id };
}

export async function makeDeployment(
  db: DbOrTx,
  spoke: { spokeId: string; userId: string },
  kind: DeploymentKind = "create",
  status: DeploymentStatus = "queued",
  parentId?: string,
): Promise<string> {
  const [d] = await db
    .insert(deployments)
    .values({ spokeId: spoke.spokeId, kind, status, requestedBy: spoke.userId, parentId })
    .returning();
  if (!d) throw new Error("no deployment");
  return d.id;
}

export async function setDeploymentStatus(db: DbOrTx, deploymentId: string, status: DeploymentStatus) {
  await db.update(deployments).set({ status }).where(eq(deployments.id, deploymentId));
}
