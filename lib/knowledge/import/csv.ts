import { MAX_CONTENT, malformed, questionKey, splitTags, type ImportItem } from "./types";

export type CsvRow = { line: number; cells: string[] };

/**
 * RFC 4180 CSV: quoted cells may hold commas, doubled quotes and newlines; CRLF or LF; a leading BOM is dropped.
 * Each row carries the line it starts on, for error messages. A `;` or tab separator is used when the first line
 * has more of those than commas (spreadsheets in some locales export that).
 */
export function parseCsv(input: string): CsvRow[] {
  const text = input.replace(/^\uFEFF/, "");
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  const sep = count("\t") > count(",") && count("\t") >= count(";") ? "\t" : count(";") > count(",") ? ";" : ",";
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      quoteLine = line;
      atCellStart = false;
    } else if (c === '"') {
      throw malformed(
        `line ${line}: a quote inside a cell that does not start with a quote; put the whole cell in quotes and double the quote ("")`,
      );
    } else if (c === sep) {
      cells.push(cell);
      cell = "";
      atCellStart = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      atCellStart = true;
      line++;
      rowLine = line;
    } else {
      // a space before an opening quote is allowed: `a, "b, c"`
      if (!(atCellStart && (c === " " || c === "\t") && sep !== "\t")) atCellStart = false;
      cell += c;
    }
  }
  if (quoted) throw malformed(`line ${quoteLine}: a quoted cell is never closed (a missing " at its end)`);
  if (cell || cells.length) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  // blank lines are not rows
  return rows.filter((r) => r.cells.some((c) => c.trim()));
}

const HEADERS: Record<string, "question" | "answer" | "tags"> = {
  question: "question",
  title: "question",
  问题: "question",
  标题: "question",
  answer: "answer",
  content: "answer",
  答案: "answer",
  回答: "answer",
  内容: "answer",
  tags: "tags",
  tag: "tags",
  标签: "tags",
};

/** CSV with question, answer and optional tags columns; a header row (in English or Chinese) may name them. */
export function csvItems(text: string): ImportItem[] {
  const rows = parseCsv(text);
  if (!rows.length) throw malformed("The CSV file has no rows");
  const head = rows[0].cells.map(
    (c) =>
      HEADERS[
        c
          .trim()
          .toLowerCase()
          .replace(/^\uFEFF/, "")
      ],
  );
  const hasHeader = head.includes("question") && head.includes("answer");
  // a first row made only of column names, but without both question and answer, is a header with a column missing
  if (!hasHeader && head.every(Boolean)) {
    const missing = head.includes("question") ? "answer" : "question";
    throw malformed(`line 1: the header has no ${missing} column (expected question, answer and optionally tags)`);
  }
  const col = hasHeader
    ? { question: head.indexOf("question"), answer: head.indexOf("answer"), tags: head.indexOf("tags") }
    : { question: 0, answer: 1, tags: 2 };
  const seen = new Map<string, number>();
  const items: ImportItem[] = [];
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? "").replace(/\r\n?/g, "\n").trim() : "");
    if (!hasHeader && row.cells.length < 2) {
      throw malformed(
        `line ${row.line}: expected question,answer[,tags] but found one column (is the separator a comma?)`,
      );
    }
    const question = cell(col.question);
    const answer = cell(col.answer);
    if (!question) throw malformed(`line ${row.line}: the question column is empty`);
    if (!answer) throw malformed(`line ${row.line}: the answer column is empty`);
    if (question.length > 300)
      throw malformed(`line ${row.line}: the question is ${question.length} characters; at most 300`);
    if (answer.length > MAX_CONTENT)
      throw malformed(`line ${row.line}: the answer is ${answer.length} characters; at most ${MAX_CONTENT}`);
    const key = questionKey(question);
    const earlier = seen.get(key);
    if (earlier) throw malformed(`line ${row.line}: the question repeats the one on line ${earlier}`);
    seen.set(key, row.line);
    items.push({ key, title: question, content: answer, tags: splitTags(cell(col.tags)), kind: "faq" });
  }
  if (!items.length) throw malformed("The CSV file has a header but no rows");
  return items;
}
