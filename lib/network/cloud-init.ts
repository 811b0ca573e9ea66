/**
 * cloud-init user data for a spoke VM: nginx serving a page that names the spoke, so the
 * gateway's backend really answers and backend health can turn `Up`. The caller base64-encodes
 * it into osProfile.customData.
 */

export type CloudInitInput = {
  spokeNumber: number;
  clientName: string;
  vmName: string;
  /** The gateway host name, shown on the page so a user can tell they reached the right spoke. */
  hostName?: string | null;
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line ? pad + line : line))
    .join("\n");
}

export function spokePageHtml(input: CloudInitInput): string {
  const client = escapeHtml(input.clientName);
  const host = input.hostName ? `<p>Served for <code>${escapeHtml(input.hostName)}</code></p>\n` : "";
  return [
    "<!doctype html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>Spoke ${input.spokeNumber} – ${client}</title></head>`,
    "<body>",
    `<h1>Spoke ${input.spokeNumber}: ${client}</h1>`,
    `<p>VM <code>${escapeHtml(input.vmName)}</code>, provisioned by Hub-Spoke Console.</p>`,
    `${host}</body>`,
    "</html>",
  ].join("\n");
}

export function spokeCloudInit(input: CloudInitInput): string {
  // The page is written before nginx is installed; index.html wins over nginx's own default page.
  return [
    "#cloud-config",
    "package_update: true",
    "packages:",
    "  - nginx",
    "write_files:",
    "  - path: /var/www/html/index.html",
    "    permissions: '0644'",
    "    content: |",
    indent(spokePageHtml(input), 6),
    "runcmd:",
    "  - systemctl enable --now nginx",
    "",
  ].join("\n");
}
