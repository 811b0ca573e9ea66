import { describe, expect, it } from "vitest";
import { spokeCloudInit, spokePageHtml } from "./cloud-init";

describe("spokeCloudInit", () => {
  const userData = spokeCloudInit({
    spokeNumber: 7,
    clientName: "contoso",
    vmName: "spoke-vm-7",
    hostName: "contoso.example.com",
  });

  it("is a cloud-config that installs and starts nginx", () => {
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    expect(userData).toMatch(/^packages:\n {2}- nginx$/m);
    expect(userData).toMatch(/^ {2}- systemctl enable --now nginx$/m);
  });

  it("writes a page naming the spoke, indented inside the YAML block", () => {
    expect(userData).toContain("    content: |\n      <!doctype html>");
    expect(userData).toContain("      <h1>Spoke 7: contoso</h1>");
    expect(userData).toContain("contoso.example.com");
    const contentLines = userData.split("\n").slice(userData.split("\n").indexOf("    content: |") + 1);
    const blockEnd = contentLines.indexOf("runcmd:");
    expect(contentLines.slice(0, blockEnd).every((line) => line === "" || line.startsWith("      "))).toBe(true);
  });

  it("survives base64 for customData", () => {
    expect(Buffer.from(Buffer.from(userData).toString("base64"), "base64").toString()).toBe(userData);
  });
});

describe("spokePageHtml", () => {
  it("escapes what it prints", () => {
    const html = spokePageHtml({ spokeNumber: 1, clientName: "<script>", vmName: 'a"b' });
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("a&quot;b");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("Served for");
  });
});
