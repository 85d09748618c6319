// The no-swallowed-error rule of scripts/check-architecture.mjs, on the syntax tree (TypeScript's parser) rather than
// on the text, so every shape of "caught and dropped" is seen and strings or comments are not mistaken for code:
//   catch {}                         an empty catch block (with or without a binding)
//   catch (e) { return null; }       a bound error the block never reads
//   p.catch(() => {})                a rejection handler that ignores its argument and does nothing…
//   p.catch(() => undefined)         …or answers a constant (undefined, null, void 0, a literal, [] or {})
//   p.then(f, () => {})              the same as then's rejection handler
// Each is fine when a comment says why: inside it, at the end of its last line, or on the line before it.
import ts from "typescript";

const MESSAGE = "an error is swallowed without a word: log it, or say in a comment why it is safe";

const isConstant = (e) => {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isIdentifier(e)) return e.text === "undefined";
  if (ts.isVoidExpression(e)) return true;
  if (ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e))
    return e.elements?.length === 0 || e.properties?.length === 0;
  return [
    ts.SyntaxKind.NullKeyword,
    ts.SyntaxKind.TrueKeyword,
    ts.SyntaxKind.FalseKeyword,
    ts.SyntaxKind.NumericLiteral,
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ].includes(e.kind);
};

/** Whether `name` is read anywhere inside `node`. */
function reads(node, name) {
  let found = false;
  const visit = (n) => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** A rejection handler that neither reads the error nor does anything with it. */
function dropsError(fn) {
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const param = fn.parameters[0];
  if (param && ts.isIdentifier(param.name) && reads(fn.body, param.name.text)) return false;
  return ts.isBlock(fn.body) ? fn.body.statements.length === 0 : isConstant(fn.body);
}

/** Where an error is dropped: the catch clauses and handlers, as nodes. */
function drops(sourceFile) {
  const found = [];
  const visit = (node) => {
    if (ts.isCatchClause(node)) {
      const name = node.variableDeclaration?.name;
      const unread = name && ts.isIdentifier(name) && !reads(node.block, name.text);
      if (node.block.statements.length === 0 || unread) found.push(node);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const handler = method === "catch" ? node.arguments[0] : method === "then" ? node.arguments[1] : undefined;
      if (dropsError(handler)) found.push(handler);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

const COMMENT = /\/\/|\/\*/;

/** `file:line: …` for each error dropped without a comment saying why. */
export function swallowedErrors(file, source) {
  if (!/\bcatch\b|\.then\(/.test(source)) return [];
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const lines = source.split("\n");
  const problems = [];
  for (const node of drops(sourceFile)) {
    const start = node.getStart(sourceFile);
    const first = sourceFile.getLineAndCharacterOfPosition(start).line;
    const last = sourceFile.getLineAndCharacterOfPosition(node.end).line;
    const inside = source.slice(start, node.end);
    const after = lines[last].slice(sourceFile.getLineAndCharacterOfPosition(node.end).character);
    const before = lines[first - 1] ?? "";
    if (COMMENT.test(inside) || after.includes("//") || /^\s*(\/\/|\*|\/\*)/.test(before)) continue;
    problems.push(`${file}:${first + 1}: ${MESSAGE}`);
  }
  return problems;
}
