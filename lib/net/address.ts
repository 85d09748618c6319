import net from "node:net";

// Addresses a server-side fetch must never reach: the machine itself, private networks (the company's intranet,
// the cloud's metadata service at 169.254.169.254), and ranges that are not real unicast destinations. Anything
// not listed is public.
const denied = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8], // "this network", 0.0.0.0 reaches localhost on Linux
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255
] as const) {
  denied.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["100::", 64], // discard
  ["64:ff9b:1::", 48], // local-use NAT64 (RFC 8215): translates to any IPv4 address, private ones included
  ["2001::", 23], // IETF special purpose: Teredo (2001::/32) tunnels to an embedded IPv4, ORCHID, benchmarking
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // old site-local
  ["ff00::", 8], // multicast
] as const) {
  denied.addSubnet(prefix, bits, "ipv6");
}

/** Expands an IPv6 address to its 8 groups (handles "::" and a dotted IPv4 tail). */
function groups(ip: string): number[] | undefined {
  let s = ip.toLowerCase().split("%")[0];
  const dotted = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    s = s.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split("::");
  const part = (x: string | undefined) => (x ? x.split(":").map((h) => parseInt(h, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const out = s.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill(0), ...t] : h;
  return out.length === 8 && out.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? out : undefined;
}

const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 address carries, if any: mapped ::ffff:a.b.c.d, SIIT-translated ::ffff:0:a.b.c.d,
 * compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16. Each of them reaches that IPv4 address on a host or
 * network that translates, so the IPv4 address is what gets checked.
 */
export function embeddedIpv4(ip: string): string | undefined {
  const g = groups(ip);
  if (!g) return undefined;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(5) && g[5] === 0xffff) return v4(g[6], g[7]);
  if (zeros(4) && g[4] === 0xffff && g[5] === 0) return v4(g[6], g[7]);
  if (zeros(6) && (g[6] || g[7] > 1)) return v4(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6], g[7]);
  if (g[0] === 0x2002) return v4(g[1], g[2]);
  return undefined;
}

/** True when `ip` is a literal public unicast address a server-side fetch may connect to. */
export function isPublicAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return !denied.check(ip, "ipv4");
  if (family !== 6) return false;
  const inner = embeddedIpv4(ip);
  if (inner) return isPublicAddress(inner);
  return !denied.check(ip.split("%")[0], "ipv6");
}
