// The URL import's guard against server-side request forgery, against a real local HTTP server. Needs no Kefu
// server: `node --import tsx --test tests/ssrf.test.ts`.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import zlib from "node:zlib";
import { urlItems } from "../lib/knowledge/import/url";
import { isPublicAddress } from "../lib/net/address";
import { safeFetch, type SafeFetchOptions } from "../lib/net/safe-fetch";

describe("address check", () => {
  test("loopback, private, link-local, unspecified, multicast and their IPv6 / IPv4-mapped forms are refused", () => {
    const refused = [
      "127.0.0.1",
      "127.1.2.3",
      "10.0.0.1",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "0.0.0.0",
      "224.0.0.1",
      "239.255.255.250",
      "255.255.255.255",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "fe80::1%eth0",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "::ffff:169.254.169.254",
      "64:ff9b::a9fe:a9fe",
      "2002:7f00:1::1",
      "not an ip",
      // every other way IPv6 embeds an IPv4 address: SIIT-translated, compatible, NAT64 (well-known and local-use),
      // 6to4 and Teredo, in hex and dotted forms
      "::ffff:0:127.0.0.1",
      "::ffff:0:7f00:1",
      "0:0:0:0:0:ffff:0:a00:1",
      "::127.0.0.1",
      "::7f00:1",
      "::a9fe:a9fe",
      "64:ff9b::127.0.0.1",
      "64:ff9b::7f00:1",
      "64:ff9b::10.0.0.1",
      "64:ff9b:1::7f00:1",
      "64:ff9b:1:abcd::1",
      "2002:a00:1::",
      "2002:c0a8:101::1",
      "2001:0:4136:e378:8000:63bf:80ff:fffe",
      "2001::1",
    ];
    for (const ip of refused) assert.equal(isPublicAddress(ip), false, ip);
    for (const ip of [
      "8.8.8.8",
      "1.1.1.1",
      "172.32.0.1",
      "100.128.0.1",
      "2606:4700:4700::1111",
      "::ffff:8.8.8.8",
      "::ffff:0:8.8.8.8",
      "64:ff9b::808:808",
      "2002:808:808::1",
    ])
      assert.equal(isPublicAddress(ip), true, ip);
  });
});

describe("safeFetch against a local server", () => {
  let server: http.Server;
  let port = 0;
  const hits: string[] = [];
  const hosts: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url!);
      hosts.push(String(req.headers.host));
      if (req.url === "/to-loopback") return res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
      if (req.url === "/to-localhost") return res.writeHead(301, { location: `http://localhost:${port}/secret` }).end();
      if (req.url === "/to-metadata")
        return res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (req.url === "/to-mapped")
        return res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/secret` }).end();
      if (req.url === "/to-siit")
        return res.writeHead(302, { location: `http://[::ffff:0:127.0.0.1]:${port}/secret` }).end();
      if (req.url === "/to-nat64")
        return res.writeHead(302, { location: `http://[64:ff9b::7f00:1]:${port}/secret` }).end();
      if (req.url === "/to-file") return res.writeHead(302, { location: "file:///etc/passwd" }).end();
      if (req.url === "/gbk")
        return res
          .writeHead(200, { "content-type": "text/html; charset=gbk" })
          .end(Buffer.from("3c68313ecdcbbbf53c2f68313e3c703ec7a9cad5baf33330ccecc4dacdcbbbf5a1a33c2f703e", "hex"));
      if (req.url === "/hop") return res.writeHead(302, { location: "/page" }).end();
      if (req.url === "/page")
        return res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end("<title>Help</title><main><h1>Hours</h1><p>We open at nine.</p></main>");
      if (req.url === "/big")
        return res
          .writeHead(200, { "content-type": "text/plain", "content-length": String(3 * 1024 * 1024) })
          .end("x".repeat(3 * 1024 * 1024));
      if (req.url === "/big-chunked") {
        res.writeHead(200, { "content-type": "text/plain" });
        for (let i = 0; i < 30; i++) res.write("y".repeat(100 * 1024));
        return res.end();
      }
      if (req.url === "/gzip-bomb")
        return res
          .writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" })
          .end(zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024)));
      if (req.url === "/slow") return; // never answers
      if (req.url === "/secret") return res.writeHead(200).end("internal secret");
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  // "shop.example" plays a public web site: it resolves to the local server, and only that name may connect there
  const publicShop: SafeFetchOptions = {
    resolve: async () => ["127.0.0.1"],
    allow: (ip, host) => host === "shop.example" || isPublicAddress(ip),
  };

  async function refused(url: string, message: RegExp, opts: SafeFetchOptions = {}) {
    await assert.rejects(safeFetch(url, opts), (err: Error & { code?: string }) => {
      assert.match(err.message, message);
      return true;
    });
  }

  test("loopback and private addresses are refused before any connection", async () => {
    const before = hits.length;
    await refused(`http://127.0.0.1:${port}/secret`, /127\.0\.0\.1 is a private, loopback or link-local address/);
    await refused(`http://localhost:${port}/secret`, /localhost resolves to (127\.0\.0\.1|::1)/);
    await refused(`http://[::1]:${port}/secret`, /::1 is a private/);
    await refused(`http://[::ffff:127.0.0.1]:${port}/secret`, /private, loopback or link-local/);
    await refused(`http://2130706433:${port}/secret`, /127\.0\.0\.1/); // 127.0.0.1 written as one number
    await refused("http://169.254.169.254/latest/meta-data/", /169\.254\.169\.254/);
    await refused("http://10.1.2.3/", /10\.1\.2\.3/);
    await refused("http://192.168.0.1/", /192\.168\.0\.1/);
    await refused("file:///etc/passwd", /Only http and https/);
    await refused("ftp://example.com/x", /Only http and https/);
    await refused("http://user:pw@example.com/", /user name or password/);
    assert.equal(hits.length, before, "nothing reached the server");
  });

  test("a name that resolves to any private address is refused", async () => {
    await refused("http://mixed.example/", /mixed\.example resolves to 10\.0\.0\.7/, {
      resolve: async () => ["93.184.216.34", "10.0.0.7"],
    });
  });

  test("a public-looking host that redirects to loopback, localhost, metadata or file: is refused at the hop", async () => {
    for (const [path, message] of [
      ["/to-loopback", /127\.0\.0\.1 is a private/],
      ["/to-localhost", /localhost resolves to/],
      ["/to-metadata", /169\.254\.169\.254/],
      ["/to-mapped", /private, loopback or link-local/],
      ["/to-siit", /private, loopback or link-local/],
      ["/to-nat64", /private, loopback or link-local/],
      ["/to-file", /Only http and https/],
    ] as const) {
      await refused(`http://shop.example:${port}${path}`, message, publicShop);
    }
    assert.ok(hits.includes("/to-loopback"), "the first hop was fetched");
    assert.ok(!hits.includes("/secret"), "the internal page never was");
  });

  test("the connection goes to the checked address, with the host name kept; same-site redirects are followed", async () => {
    let lookups = 0;
    const page = await safeFetch(`http://shop.example:${port}/hop`, {
      ...publicShop,
      resolve: async () => (lookups++, ["127.0.0.1"]),
    });
    assert.equal(page.url, `http://shop.example:${port}/page`);
    assert.match(page.body.toString(), /We open at nine/);
    assert.equal(lookups, 2, "one lookup per hop, none left to the HTTP client");
    assert.equal(hosts.at(-1), `shop.example:${port}`);
  });

  test("size and time limits", async () => {
    await refused(`http://shop.example:${port}/big`, /larger than 2 MB/, publicShop);
    await refused(`http://shop.example:${port}/big-chunked`, /larger than 2 MB/, publicShop);
    await refused(`http://shop.example:${port}/gzip-bomb`, /larger than 2 MB/, publicShop);
    const started = Date.now();
    await refused(`http://shop.example:${port}/slow`, /did not answer within 0\.3 s/, {
      ...publicShop,
      timeoutMs: 300,
    });
    assert.ok(Date.now() - started < 2000);
  });

  test("a fetched page becomes entries split at its headings", async () => {
    const items = await urlItems(`http://shop.example:${port}/page`, publicShop);
    assert.deepEqual(
      items.map((i) => [i.title, i.content, i.kind]),
      [["Hours", "We open at nine.", "doc"]],
    );
    await assert.rejects(urlItems(`http://127.0.0.1:${port}/page`), /private, loopback or link-local/);
    // a GBK page (still common on Chinese sites) is decoded by its declared charset
    const gbk = await urlItems(`http://shop.example:${port}/gbk`, publicShop);
    assert.deepEqual(
      gbk.map((i) => [i.title, i.content]),
      [["退货", "签收后30天内退货。"]],
    );
  });
});
