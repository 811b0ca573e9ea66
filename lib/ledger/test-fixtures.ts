/** Rows the realtime tests need: a user, a spoke and its deployments. Each test makes its own. */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { deployments, spokes, users } from "@/db/schema";
import { spokeRow } from "@/db/testing/fixtures";
import type { DeploymentKind, DeploymentStatus } from "./status";

let spokeNumber = 0;

export async function makeSpoke(db: Db): Promise<{ spokeId: string; userId: string }> {
  const tag = randomUUID().slice(0, 8);
  const [user] = await db
    .insert(users)
    .values({ email: `rt-${tag}@example.com`, name: tag })
    .returning();
  if (!user) throw new Error("no user");
  const n = (spokeNumber = (spokeNumber % 250) + 1);
  const [spoke] = await db
    .insert(spokes)
    .values(spokeRow(user.id, n, `client-${tag}`, `hub-${tag}`))
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
