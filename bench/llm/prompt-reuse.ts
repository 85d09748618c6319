// 2c. Prompt reuse (lib/llm GenerateOptions.cacheKey): a bot's next question starts from what its last answer left
// in the model. Steps 3 and 4 turn it off (KEFU_PROMPT_REUSE=0) to compare with raw node-llama-cpp, which evaluates
// every prompt from scratch; this step measures what it saves on Kefu's engine in this process.
import type { ChatHistoryItem } from "node-llama-cpp";
import { buildSystemPrompt } from "../../lib/answering/bot-reply";
import { engine } from "../../lib/llm";
import { rankBm25 } from "../../lib/knowledge/search";
import { tokenize } from "../../lib/knowledge/tokenize";
import { chunkClock, median, round } from "./stats";
import { ENTRIES, INSTRUCTIONS, kefuSystemPrompt, QUESTION } from "./workload";

const OTHER_TOPIC = "Can I pay with WeChat Pay?"; // retrieves other entries: only the instructions are shared
const SAME_TOPIC = "Does shipping to Beijing take as long?"; // the same entries: the whole system prompt is shared

function systemFor(question: string) {
  const docs = ENTRIES.map((e, i) => ({
    id: String(i),
    ...e,
    tokens: [...tokenize(e.title), ...tokenize(e.title), ...tokenize(e.content)],
  }));
  return buildSystemPrompt({ instructions: INSTRUCTIONS }, rankBm25(docs, question, 3));
}
const history = (system: string, question: string): ChatHistoryItem[] => [
  { type: "system", text: system },
  { type: "user", text: question },
  { type: "model", response: [] },
];

async function ttft(h: ChatHistoryItem[], maxTokens: number, cacheKey?: string) {
  const clock = chunkClock();
  const res = await engine().generate(h, { maxTokens, temperature: 0, onText: () => void clock.chunk(), cacheKey });
  return { ms: clock.sample(res.outputTokens, res.text).ttftMs, inputTokens: res.inputTokens };
}

export async function benchPromptReuse(maxTokens: number, reps = 3) {
  const fresh: number[] = [],
    sameTopic: number[] = [],
    otherTopic: number[] = [];
  let tokens = { fresh: 0, sameTopic: 0, otherTopic: 0 };
  for (let i = 0; i < reps; i++) {
    const key = `bench/${i}`; // a new bot each round: its first answer evaluates everything
    const f = await ttft(history(kefuSystemPrompt(), QUESTION), maxTokens, key);
    const s = await ttft(history(systemFor(SAME_TOPIC), SAME_TOPIC), maxTokens, key);
    await ttft(history(kefuSystemPrompt(), QUESTION), maxTokens, key); // back to the first topic
    const o = await ttft(history(systemFor(OTHER_TOPIC), OTHER_TOPIC), maxTokens, key);
    fresh.push(f.ms), sameTopic.push(s.ms), otherTopic.push(o.ms);
    tokens = { fresh: f.inputTokens, sameTopic: s.inputTokens, otherTopic: o.inputTokens };
  }
  return {
    firstTokenMs: {
      fresh: round(median(fresh), 1),
      sameTopic: round(median(sameTopic), 1),
      otherTopic: round(median(otherTopic), 1),
    },
    promptTokensEvaluated: tokens,
  };
}
