import { ArmError } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asObject, clone, page, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { JsonObject, ResourceRecord } from "../types";
import { TYPES, requireRg, stateOf } from "./common";

type Predicate = (r: ResourceRecord) => boolean;

function invalidFilter(filter: string): ArmError {
  return new ArmError(400, "InvalidFilterInQueryString", `Invalid $filter '${filter}' specified in the query string.`);
}

/** The $filter forms ARM documents for resources.listByResourceGroup (ARM-REFERENCE §10.4). */
export function parseFilter(filter: string): { predicate: Predicate; byTag: boolean } {
  const f = filter.trim();
  if (!f) return { predicate: () => true, byTag: false };
  const tag = /^tagName\s+eq\s+'([^']*)'(?:\s+and\s+tagValue\s+eq\s+'([^']*)')?$/i.exec(f);
  if (tag) {
    const [, name = "", value] = tag;
    return {
      byTag: true,
      predicate: (r) => {
        const tags = asObject(r.body.tags);
        const key = Object.keys(tags).find((k) => k.toLowerCase() === name.toLowerCase());
        return key !== undefined && (value === undefined || tags[key] === value);
      },
    };
  }
  const preds: Predicate[] = [];
  for (const clause of f.split(/\s+and\s+/i)) {
    const eq = /^(resourceType|name|location|resourceGroup)\s+(eq|ne)\s+'([^']*)'$/i.exec(clause.trim());
    const sub = /^substringof\(\s*'([^']*)'\s*,\s*(name|resourceGroup)\s*\)$/i.exec(clause.trim());
    if (eq) {
      const [, field = "", op = "", value = ""] = eq;
      preds.push((r) => {
        const actual =
          field.toLowerCase() === "resourcetype"
            ? r.type
            : field.toLowerCase() === "resourcegroup"
              ? (r.id.split("/")[4] ?? "")
              : String(r.body[field.toLowerCase() === "name" ? "name" : "location"] ?? "");
        const same = actual.toLowerCase() === value.toLowerCase();
        return op.toLowerCase() === "eq" ? same : !same;
      });
    } else if (sub) {
      const [, needle = "", field = ""] = sub;
      preds.push((r) =>
        (field.toLowerCase() === "name" ? String(r.body.name) : (r.id.split("/")[4] ?? ""))
          .toLowerCase()
          .includes(needle.toLowerCase()),
      );
    } else {
      throw invalidFilter(filter);
    }
  }
  return { predicate: (r) => preds.every((p) => p(r)), byTag: false };
}

function listByGroup(ctx: Ctx) {
  const rg = requireRg(ctx);
  const { predicate, byTag } = parseFilter(ctx.query["$filter"] ?? "");
  const expand = (ctx.query["$expand"] ?? "").toLowerCase();
  const items = ctx.sim.state
    .list(undefined, rg.id)
    .filter((r) => r.type !== TYPES.resourceGroup && predicate(r))
    .map((r) => {
      const item: JsonObject = { id: r.id, name: String(r.body.name), type: r.type, location: String(r.body.location) };
      if (r.body.sku) item.sku = clone(r.body.sku);
      if (r.body.managedBy) item.managedBy = r.body.managedBy;
      // ARM omits tags from the items when the filter is by tag.
      if (!byTag) item.tags = clone(asObject(r.body.tags));
      if (expand.includes("provisioningstate")) item.provisioningState = stateOf(r.body) ?? "Succeeded";
      if (expand.includes("createdtime"))
        item.createdTime = String(asObject(r.body.properties).timeCreated ?? new Date(0).toISOString());
      return item;
    });
  return page(ctx, `${rg.id}/resources`, items);
}

/** resources.list: every tracked resource of the subscription, same $filter forms (ARM-REFERENCE §10.4). */
function listBySubscription(ctx: Ctx) {
  const sub = `/subscriptions/${ctx.params.sub}`;
  const { predicate, byTag } = parseFilter(ctx.query["$filter"] ?? "");
  const items = ctx.sim.state
    .list(undefined, sub)
    .filter((r) => r.type !== TYPES.resourceGroup && r.id.split("/").length === 9 && predicate(r))
    .map((r) => {
      const item: JsonObject = { id: r.id, name: String(r.body.name), type: r.type, location: String(r.body.location) };
      if (!byTag) item.tags = clone(asObject(r.body.tags));
      return item;
    });
  return page(ctx, `${sub}/resources`, items);
}

/** Generic resource listing (Microsoft.Resources), over every type of every module. */
export const resources: ResourceModule = {
  type: "Microsoft.Resources/resources",
  typeName: "resources",
  api: API_VERSIONS.resources,
  routes: [
    {
      method: "GET",
      path: "/subscriptions/{sub}/resources",
      operation: "resources.list",
      handler: listBySubscription,
      nameParam: "sub",
    },
    {
      method: "GET",
      path: "/subscriptions/{sub}/resourcegroups/{rg}/resources",
      operation: "resources.listByResourceGroup",
      handler: listByGroup,
      nameParam: "rg",
    },
  ],
};
