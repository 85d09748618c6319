// A real HTTP receiver on loopback for webhook tests: checks each POST's signature and answers what the test says.
import crypto from "node:crypto";
import http from "node:http";
import type net from "node:net";

export type Received = {
  path: string;
  event: string;
  delivery: string;
  signatureOk: boolean;
  status: number;
  body: any;
};

export async function startReceiver() {
  const secrets = new Map<string, string>(); // path → webhook secret
  const received: Received[] = [];
  // how the next requests to a path are answered (shifted per request), then 200
  const plan = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      const expected = `sha256=${crypto
        .createHmac("sha256", secrets.get(path) ?? "")
        .update(raw)
        .digest("hex")}`;
      const status = plan.get(path)?.shift() ?? 200;
      received.push({
        path,
        event: String(req.headers["x-kefu-event"]),
        delivery: String(req.headers["x-kefu-delivery"]),
        signatureOk: req.headers["x-kefu-signature"] === expected,
        status,
        body: JSON.parse(raw),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    setSecret: (path: string, secret: string) => secrets.set(path, secret),
    answer: (path: string, statuses: number[]) => plan.set(path, statuses),
    /** What the path accepted (2xx), in the order it arrived. */
    accepted: (path: string) => received.filter((r) => r.path === path && r.status < 300),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
