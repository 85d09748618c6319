// The layers of the code (README, Layout) and the no-swallowed-error rule, as `npm run lint` checks them
// (scripts/check-architecture.mjs), and the rule that lib/ reads the environment only through lib/env.ts: the real
// tree passes, and each kind of breach in a small tree is reported.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
// @ts-expect-error a plain ES module script without type declarations
import { checkArchitecture } from "../scripts/check-architecture.mjs";

const check = checkArchitecture as (root?: string) => string[];

function tree(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-arch-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

test("Kefu's own tree has no import from a higher layer, no loop between lib/ folders and no swallowed error", () => {
  assert.deepEqual(check(process.cwd()), []);
});

test("a service importing a domain, and two lib/ folders importing each other, are reported", () => {
  const root = tree({
    "lib/realtime/emit.ts": 'import type { StoredMessage } from "../conversations";\nexport const x = 1;\n',
    "lib/conversations/index.ts":
      'import { x } from "../realtime/emit";\nexport type StoredMessage = { id: string };\nexport const y = x;\n',
    "lib/sockets/visitor.ts": 'import { y } from "../conversations";\nexport const z = y;\n',
  });
  const problems = check(root);
  assert.ok(
    problems.some((p) =>
      /lib\/realtime\/emit\.ts: a service \(lib\/realtime\) imports the higher domain lib\/conversations/.test(p),
    ),
    problems.join("\n"),
  );
  assert.ok(
    problems.some((p) => /loop: lib\/conversations -> lib\/realtime -> lib\/conversations/.test(p)),
    problems.join("\n"),
  );
  assert.ok(!problems.some((p) => p.startsWith("lib/sockets/")), "an edge may import a domain");
});

test("a new lib/ folder without a layer is reported", () => {
  assert.match(
    check(tree({ "lib/newthing/index.ts": "export const a = 1;\n" })).join("\n"),
    /lib\/newthing has no layer/,
  );
});

test("a server read of process.env outside lib/env.ts is reported (not the browser code)", () => {
  const root = tree({
    "lib/db/pool.ts": "export const max = Number(process.env.KEFU_DB_POOL_MAX) || 10;\n",
    "app/demo/page.tsx": "export const url = process.env.KEFU_PUBLIC_URL;\n",
    "lib/env.ts": "export const raw = process.env;\n",
    "components/snippet.tsx": 'export const code = "process.env.KEFU_WIDGET_SECRET";\n',
  });
  assert.deepEqual(check(root).sort(), [
    "app/demo/page.tsx: reads process.env: declare the variable in lib/env.ts and read it with envVar()",
    "lib/db/pool.ts: reads process.env: declare the variable in lib/env.ts and read it with envVar()",
  ]);
});

test("an empty catch is reported unless a comment says why it is safe", () => {
  const root = tree({
    "lib/db/a.ts": "try { f(); } catch {}\np.catch(() => {});\ntry {\n  g();\n} catch {\n}\n",
    "lib/db/b.ts":
      "try { f(); } catch {\n  // the file may not exist yet\n}\np.catch(() => {}); // closing: already closed is fine\n// best effort: the next tick tries again\nq.catch(() => {});\n",
  });
  const problems = check(root);
  assert.deepEqual(
    problems.map((p) => p.split(":").slice(0, 2).join(":")),
    ["lib/db/a.ts:1", "lib/db/a.ts:2", "lib/db/a.ts:5"],
  );
});

test("every form of a dropped error is reported: unread catch bindings, constant handlers, then's rejection handler", () => {
  const root = tree({
    "lib/db/c.ts": [
      "try { f(); } catch (e) {}",
      "try { f(); } catch (err) { return null; }",
      "p.catch(() => undefined);",
      "p.catch((_e) => null);",
      "p.catch(() => void 0);",
      "p.catch(function () {});",
      "p.then(ok, () => {});",
      "p.then(ok, (_) => []);",
      "p.catch(async () => {});",
    ].join("\n"),
    "lib/db/d.ts": [
      "try { f(); } catch (err) { log(err); }",
      "p.catch((err) => log(err));",
      "p.catch(() => retry());",
      "p.then(ok, (e) => report(e));",
      "p.then(ok);",
      'const s = "catch {} and .catch(() => {}) in a string";',
      "// p.catch(() => {}) in a comment",
      "p.catch(() => undefined); // the file may already be gone",
      "p.then(ok, () => {\n  /* a closed socket has nothing to flush */\n});",
    ].join("\n"),
  });
  const problems = check(root);
  assert.deepEqual(
    problems.map((p) => p.split(":").slice(0, 2).join(":")),
    [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `lib/db/c.ts:${n}`),
  );
});

test("a domain publishes through lib/realtime's interface: reaching into its socket.io side, or socket.io itself, is reported", () => {
  const root = tree({
    "lib/realtime/index.ts": 'export { io } from "./socket-io";\n',
    "lib/realtime/socket-io.ts":
      'import type { Server } from "socket.io";\nexport const io = (): Server | undefined => undefined;\n',
    "lib/conversations/a.ts": 'import { io } from "../realtime/socket-io";\nexport const a = io;\n',
    "lib/conversations/b.ts": 'import type { Server } from "socket.io";\nexport type B = Server;\n',
    "lib/answering/c.ts": 'import { io } from "../realtime";\nexport const c = io;\n',
    "lib/sockets/d.ts":
      'import type { Namespace } from "socket.io";\nimport { io } from "../realtime/socket-io";\nexport type D = Namespace;\nexport const d = io;\n',
    "components/e.tsx": 'import { io } from "socket.io-client";\nexport const e = io;\n',
  });
  assert.deepEqual(check(root).sort(), [
    'lib/conversations/a.ts: a domain reaches into lib/realtime ("../realtime/socket-io"): publish through its interface, "../realtime"',
    'lib/conversations/b.ts: imports "socket.io": only lib/realtime and the socket edge know socket.io; publish through lib/realtime',
  ]);
});
