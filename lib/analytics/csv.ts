import type { Analytics } from "./schema";

const cell = (v: unknown) => {
  const s = v == null ? "" : String(v);
  // a leading = + - @ would run as a formula in a spreadsheet: quote it as text
  const safe = /^[=+\-@\t\r]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The figures as one CSV: a `section` column names the chart or table each row belongs to. */
export function analyticsCsv(a: Analytics): string {
  const rows: unknown[][] = [["section", "key", "metric", "value"]];
  const add = (section: string, key: string, metrics: Record<string, unknown>) => {
    for (const [m, v] of Object.entries(metrics)) rows.push([section, key, m, v]);
  };
  add("range", "", { from: a.range.from, to: a.range.to, botId: a.range.botId });
  for (const d of a.conversationsPerDay) add("conversations_per_day", d.day, { conversations: d.conversations });
  const { handoffReasons, ...o } = a.outcomes;
  add("outcomes", "", o);
  for (const r of handoffReasons) add("handoff_reasons", r.reason, { count: r.count });
  add("first_response_seconds", "human", a.human.firstResponseSeconds);
  add("resolution_seconds", "human", a.human.resolutionSeconds);
  add("csat", "bot", a.csat.bot);
  add("csat", "human", a.csat.human);
  for (const b of a.usage.perBot)
    add("usage_per_bot", b.name, { messages: b.messages, answers: b.answers, tokens: b.tokens });
  for (const m of a.usage.perModel) add("usage_per_model", m.model, { answers: m.answers, tokens: m.tokens });
  for (const g of a.knowledgeGaps) add("knowledge_gaps", g.day, { gaps: g.gaps, asked: g.asked });
  for (const { model, variant, ...v } of a.variants) add("variants", variant ? `${model} (${variant})` : model, v);
  return `${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
