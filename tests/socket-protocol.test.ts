// The socket protocol's payloads are one set of types (widget/socket-payloads.ts) that the server, the widget and
// the inbox are all compiled against. This edits the protocol in memory, one side at a time, and asks the compiler
// about the other sides: each drift must be a compile error where it would have broken the wire.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";

const root = process.cwd();
const PAYLOADS = "widget/socket-payloads.ts";
const EVENTS = "widget/socket-events.ts";
const SCHEMAS = "lib/sockets/schemas.ts";
// one file per side: the server's schemas and wire shape, the widget's guards and requests, the inbox's socket
const SIDES = [
  SCHEMAS,
  "lib/conversations/wire.ts",
  "lib/realtime/index.ts",
  "widget/protocol.ts",
  "widget/frame.ts",
  "components/inbox/use-inbox.ts",
];

const config = ts.getParsedCommandLineOfConfigFile(
  path.join(root, "tsconfig.json"),
  { incremental: false, noEmit: true },
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  },
);
let previous: ts.Program | undefined;

/** The compiler's errors in each side's file, with `edits` applied to files in memory (before → after). */
function errorsWith(edits: Record<string, [string, string][]>): Record<string, string[]> {
  const host = ts.createCompilerHost(config!.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = readFile(file);
    const rel = path.relative(root, file).split(path.sep).join("/");
    if (text === undefined || !edits[rel]) return text;
    return edits[rel].reduce((t, [before, after]) => {
      assert.ok(t.includes(before), `${rel} no longer contains ${JSON.stringify(before)}: update this test`);
      return t.replace(before, after);
    }, text);
  };
  const program = ts.createProgram({
    rootNames: SIDES.map((f) => path.join(root, f)),
    options: config!.options,
    host,
    oldProgram: previous,
  });
  previous = program;
  const out: Record<string, string[]> = {};
  for (const file of [...SIDES, EVENTS]) {
    const source = program.getSourceFile(path.join(root, file));
    assert.ok(source, file);
    const errors = program
      .getSemanticDiagnostics(source)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    if (errors.length) out[file] = errors;
  }
  return out;
}

test("the server, the widget and the inbox compile against the shared payloads as they are", () => {
  assert.deepEqual(errorsWith({}), {});
});

test("a message field renamed in the protocol breaks the server's wire shape, the widget's guard and the inbox", () => {
  const broken = errorsWith({
    [PAYLOADS]: [
      [
        "  seq: number;\n  conversationId: string;\n  role: Role;",
        "  position: number;\n  conversationId: string;\n  role: Role;",
      ],
    ],
  });
  for (const side of ["lib/conversations/wire.ts", "widget/protocol.ts", "components/inbox/use-inbox.ts"]) {
    assert.ok(broken[side], `${side} still compiles: ${JSON.stringify(broken)}`);
  }
});

test("a request field the widget must now send breaks the widget's request and the server's schema", () => {
  const broken = errorsWith({
    [PAYLOADS]: [["  typing: { on: boolean };\n  prechat", "  typing: { on: boolean; at: number };\n  prechat"]],
  });
  assert.ok(broken["widget/frame.ts"], `the widget still compiles: ${JSON.stringify(broken)}`);
  assert.match(broken[SCHEMAS]?.join("\n") ?? "", /Expected 2 arguments/, JSON.stringify(broken));
});

test("a server schema that takes another type than the protocol says does not compile", () => {
  const broken = errorsWith({
    [SCHEMAS]: [
      [
        'accepts<Visitor["page"]>()(z.object({ url: z.string().max(2000) }))',
        'accepts<Visitor["page"]>()(z.object({ url: z.string().max(2000), title: z.string() }))',
      ],
    ],
  });
  assert.match(broken[SCHEMAS]?.join("\n") ?? "", /Expected 2 arguments/, JSON.stringify(broken));
});

test("an event the server publishes to a conversation must carry the agents' payload, and a name needs a payload type", () => {
  const agents = errorsWith({
    [PAYLOADS]: [
      [
        '  "bot:delta": WireDelta & AboutConversation;',
        '  "bot:delta": WireDelta & AboutConversation & { model: string };',
      ],
    ],
  });
  assert.ok(agents["lib/realtime/index.ts"], JSON.stringify(agents));
  const named = errorsWith({
    [EVENTS]: [['  "agent:typing",\n  "error",', '  "agent:typing",\n  "agent:joined",\n  "error",']],
  });
  assert.ok(named[EVENTS], JSON.stringify(named));
});
