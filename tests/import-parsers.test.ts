// The import parsers on real files: CSV edge cases and errors with line numbers, Markdown, JSON, PDF with and
// without a text layer, DOCX with a table, files that are not what their name says, and the size limit.
// Needs no server: `node --import tsx --test tests/import-parsers.test.ts`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chunkText } from "../lib/knowledge/chunk";
import { parseCsv } from "../lib/knowledge/import/csv";
import { htmlToText } from "../lib/knowledge/import/html";
import { parseFile } from "../lib/knowledge/import/parse";
import { MAX_IMPORT_BYTES } from "../lib/knowledge/import/types";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(fixtures, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

async function rejects(name: string, content: string | Uint8Array, message: RegExp) {
  await assert.rejects(parseFile(name, typeof content === "string" ? utf8(content) : content), (err: Error) => {
    assert.match(err.message, message);
    return true;
  });
}

describe("CSV", () => {
  test("quotes, commas, doubled quotes and newlines inside quotes, CRLF and a BOM", async () => {
    const csv =
      '\uFEFFquestion,answer,tags\r\n"Do you ship to Macau, too?","Yes, in 3–5 days.\r\nSee ""Shipping"".",shipping;macau\r\nWhat is the warranty?,Two years,"warranty, 保修"\r\n\r\n';
    const items = await parseFile("faq.csv", utf8(csv));
    assert.equal(items.length, 2);
    assert.equal(items[0].title, "Do you ship to Macau, too?");
    assert.equal(items[0].content, 'Yes, in 3–5 days.\nSee "Shipping".');
    assert.deepEqual(items[0].tags, ["shipping", "macau"]);
    assert.deepEqual(items[1].tags, ["warranty", "保修"]);
    assert.ok(items.every((i) => i.kind === "faq"));
  });

  test("without a header the columns are question, answer, tags; a Chinese header is understood", async () => {
    const plain = await parseFile("a.csv", utf8("How long is delivery?,Two days\nCan I pay by card?,Yes,payment\n"));
    assert.deepEqual(
      plain.map((i) => [i.title, i.content, i.tags]),
      [
        ["How long is delivery?", "Two days", []],
        ["Can I pay by card?", "Yes", ["payment"]],
      ],
    );
    const zh = await parseFile("zh.csv", utf8("问题,答案,标签\n如何退货？,签收后30天内可退货。,退货\n"));
    assert.deepEqual(
      zh.map((i) => [i.title, i.content, i.tags]),
      [["如何退货？", "签收后30天内可退货。", ["退货"]]],
    );
    const swapped = await parseFile("s.csv", utf8("tags,answer,question\nx,Yes,Gift wrap?\n"));
    assert.deepEqual([swapped[0].title, swapped[0].content, swapped[0].tags], ["Gift wrap?", "Yes", ["x"]]);
  });

  test("a CSV saved by Excel on a Chinese Windows (GBK) is read", async () => {
    const gbk = Buffer.from("cecacce22cb4f0b0b80ac8e7bacecdcbbbf5a3bf2cc6dfccecc4dabfc9cdcba1a30a", "hex"); // "问题,答案\n如何退货？,七天内可退。\n" in GBK
    const items = await parseFile("excel.csv", new Uint8Array(gbk));
    assert.deepEqual(
      items.map((i) => [i.title, i.content]),
      [["如何退货？", "七天内可退。"]],
    );
  });

  test("a semicolon-separated export is read too", async () => {
    const items = await parseFile("excel.csv", utf8("question;answer\nOpening hours?;9 to 18, Monday to Friday\n"));
    assert.equal(items[0].content, "9 to 18, Monday to Friday");
  });

  test("errors name the line, counting lines inside quoted cells", async () => {
    const rows = ["question,answer", "Q1,A1", '"Q2","multi', 'line answer"', "Q3,A3", "Q4,A4", "Q5,"];
    await rejects("faq.csv", rows.join("\n"), /^line 7: the answer column is empty$/);
    await rejects("faq.csv", "question,answer\nQ1,A1\n,A2\n", /^line 3: the question column is empty$/);
    await rejects("faq.csv", 'question,answer\nQ1,"A1\nQ2,A2\n', /^line 2: a quoted cell is never closed/);
    await rejects("faq.csv", 'question,answer\nQ1,A1\nQ2,say "hi"\n', /^line 3: a quote inside a cell/);
    await rejects("faq.csv", "Where?,Here\nwhere? ,There\n", /^line 2: the question repeats the one on line 1$/);
    await rejects("faq.csv", "question,tags\nQ,x\n", /^line 1: the header has no answer column/);
    await rejects(
      "faq.csv",
      "just one column\nanother\n",
      /^line 1: expected question,answer\[,tags\] but found one column/,
    );
    await rejects("faq.csv", "question,answer\n", /has a header but no rows/);
  });

  test("the parser keeps the line each row starts on", () => {
    assert.deepEqual(
      parseCsv('a,"b\nc"\nd,e').map((r) => r.line),
      [1, 3],
    );
  });
});

describe("Markdown, text and JSON", () => {
  test("Markdown splits at headings, the heading path is the title; fenced # lines are not headings", async () => {
    const md =
      "Intro text.\n\n# Returns\nWithin 30 days.\n\n## Refunds\nTo the card you paid with.\n\n```sh\n# not a heading\n```\n\n# Shipping\nTwo days.\n";
    const items = await parseFile("help.md", utf8(md));
    assert.deepEqual(
      items.map((i) => i.title),
      ["help", "Returns", "Returns › Refunds", "Shipping"],
    );
    assert.match(items[2].content, /# not a heading/);
    assert.ok(items.every((i) => i.kind === "doc"));
  });

  test("a long document is chunked with overlap, each chunk within the size", async () => {
    const sentences = Array.from(
      { length: 120 },
      (_, i) => `Sentence number ${i} says something about kettles and tea.`,
    );
    const items = await parseFile("long.txt", utf8(sentences.join(" ")));
    assert.ok(items.length >= 4, `${items.length} chunks`);
    assert.ok(items.every((i) => i.content.length <= 1200));
    assert.equal(items[0].title, "long (1/" + items.length + ")");
    // consecutive chunks share text, and no sentence is lost
    for (let i = 1; i < items.length; i++) {
      const tail = items[i - 1].content.slice(-60);
      assert.ok(
        items[i].content.includes(tail.slice(tail.indexOf(" ") + 1, tail.indexOf(" ") + 30)),
        `chunk ${i} overlaps the one before`,
      );
    }
    for (const s of sentences)
      assert.ok(
        items.some((i) => i.content.includes(s)),
        s,
      );
    assert.deepEqual(new Set(items.map((i) => i.key)).size, items.length);
  });

  test("Chinese text is cut at sentence ends", () => {
    const zh = Array.from({ length: 80 }, (_, i) => `第${i}条：我们的水壶保修两年，请保留发票。`).join("");
    const chunks = chunkText(zh, 300, 50);
    assert.ok(chunks.length > 3);
    for (const c of chunks.slice(0, -1)) assert.match(c, /[。，：]$|。/);
  });

  test("JSON entries with question|title and answer|content; errors name the entry and field", async () => {
    const items = await parseFile(
      "faq.json",
      utf8(
        JSON.stringify([
          { question: "Q1", answer: "A1", tags: ["x"] },
          { title: "Q2", content: "A2", tags: "y, z" },
        ]),
      ),
    );
    assert.deepEqual(
      items.map((i) => [i.title, i.content, i.tags]),
      [
        ["Q1", "A1", ["x"]],
        ["Q2", "A2", ["y", "z"]],
      ],
    );
    await rejects(
      "faq.json",
      JSON.stringify([{ question: "Q1", answer: "A1" }, { question: "Q2" }]),
      /^entry 2: the answer \(or content\) field is missing or empty$/,
    );
    await rejects(
      "faq.json",
      JSON.stringify([{ question: "Q1", answer: "A1", tags: [1] }]),
      /^entry 1: tags must be strings$/,
    );
    await rejects(
      "faq.json",
      '[\n  {"question": "Q1", "answer": "A1"},\n  {"question": "Q2" "answer": "A2"}\n]',
      /^line 3: the file is not valid JSON/,
    );
    await rejects("faq.json", JSON.stringify({ question: "Q" }), /must be an array of entries/);
  });
});

describe("PDF and DOCX", () => {
  test("a PDF's text layer is imported, its table kept as readable rows", async () => {
    const items = await parseFile("text.pdf", fixture("text.pdf"));
    const text = items.map((i) => i.content).join("\n");
    assert.match(text, /Orders leave the Hangzhou warehouse within two working days\./);
    assert.match(text, /^Region \| Carrier \| Days$/m);
    assert.match(text, /^Mainland \| SF Express \| 2-3$/m);
    assert.match(text, /^Hong Kong \| Kerry \| 3-5$/m);
  });

  test("a PDF without a text layer (a scan) is reported, not imported empty", async () => {
    await rejects("scan.pdf", fixture("scan.pdf"), /this PDF has no text layer \(is it a scan\?\)/i);
  });

  test("a DOCX splits at its headings and keeps its table as rows", async () => {
    const items = await parseFile("table.docx", fixture("table.docx"));
    assert.deepEqual(
      items.map((i) => i.title),
      ["Warranty", "Warranty › Coverage"],
    );
    assert.equal(items[0].content, "Every kettle has a two-year warranty & free repairs.");
    assert.match(items[1].content, /^Part \| Covered \| Years\nHeating element \| Yes \| 2\nGlass jug \| No \| 0/);
  });

  test("a Chinese Word's heading styles (ids 1 and 2, named in styles.xml) split the document too", async () => {
    const items = await parseFile("退货.docx", fixture("zh-headings.docx"));
    assert.deepEqual(
      items.map((i) => [i.title, i.content]),
      [
        ["退换货政策", "签收后七天内可无理由退货。"],
        ["退换货政策 › 运费", "质量问题由我们承担运费。"],
      ],
    );
  });

  test("files that are not what their name says are refused", async () => {
    await rejects("manual.pdf", utf8("question,answer\nQ,A\n"), /not a PDF: it does not start with %PDF-/);
    await rejects("manual.docx", fixture("text.pdf"), /not a DOCX/);
    await rejects("faq.csv", fixture("table.docx"), /faq\.csv is a zip archive/);
    await rejects("faq.csv", fixture("text.pdf"), /faq\.csv is a PDF/);
    await rejects("faq.csv", new Uint8Array([0x71, 0xff, 0xfe, 0x2c, 0x41]), /not a text file in UTF-8 \(or GBK\)/);
    await rejects("faq.csv", new Uint8Array([0x71, 0x2c, 0x01, 0x02, 0x41]), /not a text file/);
    await rejects("sheet.xlsx", utf8("x"), /imports \.csv, \.md, \.txt, \.json, \.pdf and \.docx/);
    await rejects("broken.pdf", utf8("%PDF-1.4\nnothing else"), /The PDF could not be read|no text layer/);
  });

  test("a file over the limit is refused, saying the limit", async () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61);
    await rejects("big.txt", big, /big\.txt is 10 MB; the limit for an import is 10 MB/);
  });
});

test("HTML: readable text of <main>, headings as #, tables as rows, no scripts or navigation", () => {
  const html = `<html><head><title>Help &amp; FAQ</title><script>var secret = 1;</script></head><body>
    <nav>Home | Shop</nav><main><h1>Shipping</h1><p>We ship&nbsp;daily.</p>
    <table><tr><th>Region</th><th>Days</th></tr><tr><td>Mainland</td><td>2</td></tr></table></main><footer>© Shop</footer></body></html>`;
  const { title, text } = htmlToText(html);
  assert.equal(title, "Help & FAQ");
  assert.match(text, /^# Shipping$/m);
  assert.match(text, /We ship daily\./);
  assert.match(text, /^Region \| Days$/m);
  assert.match(text, /^Mainland \| 2$/m);
  assert.doesNotMatch(text, /secret|Home \| Shop|© Shop/);
});
