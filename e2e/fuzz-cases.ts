/**
 * Deterministic generator of malformed API requests for api-fuzz.spec.ts. Every case is invalid by
 * construction (a valid one would be a test bug or an API bug): wrong types, missing and extra
 * fields, huge and unicode strings, bad CIDRs and SSH keys, invalid JSON, oversized bodies, bad
 * query values, bad path ids and bad credentials.
 */
import { generateKeyPairSync } from "node:crypto";
import { sshRsaKey } from "./api-helpers";

export interface FuzzCase {
  kind: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Which token to send: the admin's (default), none, or a literal Authorization header. */
  auth?: "admin" | "none" | { header: string };
}

/** mulberry32: small, fast, and the same sequence on every machine for one seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

const UNICODE = [
  "😀😀😀",
  "中文名字",
  "مرحبا",
  "\u200b\u200b\u200b",
  "\u0301\u0301\u0301",
  "\u202e\u202e",
  "🏳️‍🌈",
  "\ud800x",
  "ｗ",
  "\u0000\u0000\u0000",
];
/** Folds to no letters or digits at any length (client names keep only [a-z0-9] after NFKD). */
const UNICODE_NO_ALNUM = UNICODE.filter((u) => !/[a-z0-9]/i.test(u.normalize("NFKD")));
const WRONG_TYPES: unknown[] = [1, -7, 3.14, true, false, [], ["a"], {}, { a: 1 }];

const VALID_KEY = sshRsaKey();
const [, VALID_BLOB] = VALID_KEY.split(" ");
const WEAK_RSA = (() => {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const jwk = publicKey.export({ format: "jwk" });
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, b.length >> 8, b.length & 255]), b]);
  const mp = (s: string) => {
    const b = Buffer.from(s, "base64url");
    return b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
  };
  return `ssh-rsa ${Buffer.concat([field(Buffer.from("ssh-rsa")), field(mp(jwk.e!)), field(mp(jwk.n!))]).toString("base64")} weak`;
})();

const BAD_KEYS = [
  "",
  "   ",
  "ssh-rsa",
  "ssh-rsa AAAA",
  "ssh-rsa !!!not-base64!!!",
  `ssh-rsa ${VALID_BLOB!.slice(0, 120)}`,
  `ssh-ed25519 ${VALID_BLOB}`,
  `ssh-dss ${VALID_BLOB}`,
  WEAK_RSA,
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
  "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----",
  "---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3NzaC1yc2E=\n---- END SSH2 PUBLIC KEY ----",
  `${VALID_KEY}\n${VALID_KEY}`,
  `ssh-rsa ${VALID_BLOB}AAAA trailing-data`,
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==",
  "😀 key",
];

const BAD_CIDRS = [
  "10.11.1.0/33",
  "999.1.1.0/24",
  "abc",
  "10.11.1.0",
  "/26",
  "10.11.1.0/-1",
  "192.168.0.0/26",
  "10.0.0.0/26",
  "10.11.250.0/26",
  "10.11.0.0/16",
  "1.2.3.4/32x",
  "10.11.1.0/26/26",
  "٣.٣.٣.٣/26",
  " ",
  "10.11.1.0 /26",
];
const BAD_SPOKE_IDS: unknown[] = [0, -1, 255, 300, 1000, 99999, 2 ** 53, 1.5, "1", "abc", true, [], {}, 1e21];
const BAD_FIELD_VALUES: Record<string, unknown[]> = {
  vm_size: ["", "1abc", "Standard B2s", "x", "Standard_B2s!", "😀", "S".repeat(80)],
  admin_username: ["", "root", "admin", "Admin", "1user", "a".repeat(40), "user name", "Ａdmin"],
  vm_name: ["-vm", "vm-", "12345", "vm_name", "a".repeat(70), "vm.name", "😀vm"],
  location: ["", "East US", "eastus!", "E", "1eastus", "a".repeat(50)],
  client_name: ["", " ", "a", "--", "!!", "é", ...UNICODE, "x".repeat(201), "y".repeat(5000)],
};
const BAD_AGW = ["", "-pool", "pool name", "p".repeat(90), "pool-", "pool/1", "😀"];
const FIELDS = [
  "spoke_id",
  "client_name",
  "ssh_public_key",
  "vm_size",
  "admin_username",
  "vm_name",
  "location",
  "subnets",
  "application_gateway",
];
const SUBNET_FIELDS = ["vm_subnet_prefix", "db_subnet_prefix", "kv_subnet_prefix", "workspace_subnet_prefix"];

function mutateBody(rng: Rng, n: number): { kind: string; body: Record<string, unknown> } {
  const body: Record<string, unknown> = { client_name: `fuzz-${n}`, ssh_public_key: VALID_KEY };
  switch (rng.int(11)) {
    case 0: {
      const field = rng.pick(FIELDS);
      // Objects are the right type for the two nested fields, and null is allowed for spoke_id.
      const nested = field === "subnets" || field === "application_gateway";
      body[field] = nested
        ? rng.pick([1, "x", true, [], null])
        : field === "spoke_id"
          ? rng.pick(["7", true, [], {}])
          : rng.pick(WRONG_TYPES);
      return { kind: `wrong type: ${field}`, body };
    }
    case 1:
      delete body[rng.pick(["client_name", "ssh_public_key"])];
      if (rng.int(2)) delete body.ssh_public_key;
      return { kind: "missing required field", body };
    case 2: {
      const where = rng.int(3);
      const key = rng.pick(["id", "extra", "spokeId", "Client_Name", "__proto__x", "ssh_key", "😀", "constructor"]);
      if (where === 0) body[key] = rng.pick(WRONG_TYPES);
      else if (where === 1) body.subnets = { vm_subnet_prefix: "10.11.1.0/26", [key]: "x" };
      else body.application_gateway = { backend_pool_name: "p1", [key]: "x" };
      return { kind: "extra field", body };
    }
    case 3:
      body.ssh_public_key = rng.pick(BAD_KEYS);
      return { kind: "bad ssh key", body };
    case 4:
      body.subnets = { [rng.pick(SUBNET_FIELDS)]: rng.pick(BAD_CIDRS) };
      return { kind: "bad cidr", body };
    case 5:
      body.spoke_id = rng.pick(BAD_SPOKE_IDS);
      return { kind: "bad spoke_id", body };
    case 6: {
      const field = rng.pick(Object.keys(BAD_FIELD_VALUES));
      body[field] = rng.pick(BAD_FIELD_VALUES[field]!);
      return { kind: `bad value: ${field}`, body };
    }
    case 7:
      body.application_gateway = { [rng.pick(["backend_pool_name", "routing_rule_name"])]: rng.pick(BAD_AGW) };
      return { kind: "bad gateway name", body };
    case 8: {
      const field = rng.pick(["client_name", "ssh_public_key", "vm_name", "admin_username", "location", "vm_size"]);
      body[field] = rng.pick(field === "client_name" ? UNICODE_NO_ALNUM : UNICODE).repeat(1 + rng.int(4000));
      return { kind: `huge unicode: ${field}`, body };
    }
    case 9:
      body.ssh_public_key = `ssh-rsa ${"A".repeat(17_000 + rng.int(40_000))}`;
      return { kind: "huge ssh key", body };
    default: {
      // Two overlapping overrides inside a plausible block, plus a bad key so the number never matters.
      body.subnets = { vm_subnet_prefix: "10.11.1.0/26", db_subnet_prefix: "10.11.1.0/26" };
      body.ssh_public_key = rng.pick(BAD_KEYS);
      return { kind: "overlap + bad key", body };
    }
  }
}

const RAW_BODIES: [string, string, string][] = [
  ["invalid json", "application/json", "{"],
  ["invalid json", "application/json", "{'client_name': 'x'}"],
  ["invalid json", "application/json", '{"client_name": }'],
  ["invalid json", "application/json", '{"client_name":"x",}'],
  ["invalid json", "application/json", '{"a":1}garbage'],
  ["invalid json", "application/json", "nul"],
  ["invalid json", "application/json", "\u0000\u0001\u0002"],
  ["invalid json", "application/json", "[1,2"],
  ["not an object", "application/json", "null"],
  ["not an object", "application/json", "42"],
  ["not an object", "application/json", '"a string"'],
  ["not an object", "application/json", "[]"],
  ["not an object", "application/json", "true"],
  ["empty body", "application/json", ""],
  ["empty body", "application/json", "   \n"],
  ["wrong content type", "text/plain", '{"client_name":"x","ssh_public_key":"y"}'],
  ["wrong content type", "application/x-www-form-urlencoded", "client_name=x&ssh_public_key=y"],
  ["wrong content type", "multipart/form-data; boundary=x", "--x--"],
  ["wrong content type", "application/xml", "<spoke/>"],
  ["deep nesting", "application/json", `${"[".repeat(3000)}${"]".repeat(3000)}`],
  ["deep nesting", "application/json", `{"subnets":${'{"a":'.repeat(500)}1${"}".repeat(500)}}`],
];

export function generateCases(seed: number, count: number): FuzzCase[] {
  const rng = prng(seed);
  const cases: FuzzCase[] = [];
  const BAD_IDS = [
    "abc",
    "-1",
    "1.5",
    "1e3",
    "999999",
    "250",
    "12345",
    "00000000-0000-0000-0000-000000000000",
    "2b1f8a52-0c8e-4a5e-9b59-6f4a3b9d2c11",
    "%20",
    "%E2%98%83",
    "a".repeat(300),
    "..%2F..%2Fapi",
    "null",
    "undefined",
    "'%20OR%201%3D1%20--",
    "%F0%9F%98%80",
    "0x10",
    "1%2C2",
  ];
  const ID_ROUTES: [string, (id: string) => string][] = [
    ["GET", (i) => `/api/spokes/${i}`],
    ["DELETE", (i) => `/api/spokes/${i}`],
    ["GET", (i) => `/api/spokes/${i}/progress`],
    ["GET", (i) => `/api/console/spokes/${i}`],
    ["GET", (i) => `/api/spokes/${i}/events`],
    ["POST", (i) => `/api/spokes/${i}/retry`],
    ["POST", (i) => `/api/spokes/${i}/rollback`],
    ["POST", (i) => `/api/spokes/${i}/cancel`],
  ];
  const BAD_QUERIES = [
    "limit=0",
    "limit=-1",
    "limit=201",
    "limit=abc",
    "limit=1.5",
    "limit=1e2",
    "limit=",
    "limit=%205",
    "limit=99999",
    "status=bogus",
    "status=COMPLETED",
    "status=completed%3Bdrop",
    "status=completed,bogus",
    "status=%F0%9F%98%80",
    "cursor=abc",
    `cursor=${"x".repeat(300)}`,
    `cursor=${Buffer.from('{"createdAt":"no","id":"x"}').toString("base64url")}`,
    "cursor=%00",
  ];
  const BAD_AUTH = [
    "Bearer",
    "Bearer ",
    "Bearer hsc_not-a-real-token",
    "Basic YWRtaW46eA==",
    "Token abc",
    "Bearer a b",
    `Bearer hsc_${"x".repeat(500)}`,
  ];
  for (let n = 0; cases.length < count; n++) {
    const roll = rng.next();
    if (roll < 0.62) {
      const { kind, body } = mutateBody(rng, n);
      cases.push({
        kind,
        method: "POST",
        path: rng.int(4) === 0 ? "/api/spokes/plan" : "/api/spokes",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    } else if (roll < 0.72) {
      const [kind, type, body] = rng.pick(RAW_BODIES);
      cases.push({
        kind,
        method: "POST",
        path: rng.pick(["/api/spokes", "/api/spokes/plan"]),
        headers: { "content-type": type },
        body,
      });
    } else if (roll < 0.75) {
      const size = 64 * 1024 + 1 + rng.int(200_000);
      cases.push({
        kind: "oversized body",
        method: "POST",
        path: rng.pick(["/api/spokes", "/api/spokes/plan"]),
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_name: "big", ssh_public_key: VALID_KEY, pad: "x".repeat(size) }),
      });
    } else if (roll < 0.78) {
      // A valid body with a malformed Idempotency-Key: refused before anything is written.
      const key = rng.pick(["a b", "x".repeat(201), "tab\tkey", ""]);
      cases.push({
        kind: "bad idempotency key",
        method: "POST",
        path: "/api/spokes",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ client_name: `fuzz-key-${n}`, ssh_public_key: VALID_KEY }),
      });
    } else if (roll < 0.86) {
      cases.push({ kind: "bad query", method: "GET", path: `/api/spokes?${rng.pick(BAD_QUERIES)}` });
    } else if (roll < 0.97) {
      const [method, path] = rng.pick(ID_ROUTES);
      cases.push({ kind: `bad path id: ${method}`, method, path: path(rng.pick(BAD_IDS)) });
    } else {
      const [method, path] = rng.pick([...ID_ROUTES, ["GET", () => "/api/spokes"], ["POST", () => "/api/spokes"]] as [
        string,
        (i: string) => string,
      ][]);
      cases.push({ kind: "bad credentials", method, path: path("1"), auth: { header: rng.pick(BAD_AUTH) } });
    }
  }
  return cases;
}
