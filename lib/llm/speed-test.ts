import type { ChatHistoryItem } from "node-llama-cpp";
import { KefuError } from "../errors";
import type { EngineView } from "./engine-view";

const DEFAULT_SYSTEM = "You are a helpful customer-service assistant. Answer briefly and politely.";
const DEFAULT_QUESTION = "How long does shipping usually take, and can I track my parcel?";

export type SpeedTest = {
  model: string;
  firstTokenMs: number;
  tokensPerSecond: number;
  promptTokens: number;
  tokens: number;
};

/**
 * How fast the loaded chat model is on this machine, by node-llama-cpp's own chat loop inside the inference process
 * (GenerateOptions.probe): what an admin compares with what visitors get (Monitoring), and bench:llm's like-for-like
 * raw figure. Temperature 0; queued like an answer.
 */
export async function speedTest(
  engine: EngineView,
  input: { system?: string; question?: string; maxTokens: number },
): Promise<SpeedTest> {
  if (!engine.ready || !engine.generate)
    throw new KefuError("conflict", "No chat model is loaded: load one on the Models page first");
  const history: ChatHistoryItem[] = [
    { type: "system", text: input.system ?? DEFAULT_SYSTEM },
    { type: "user", text: input.question ?? DEFAULT_QUESTION },
    { type: "model", response: [] },
  ];
  const res = await engine.generate(history, {
    maxTokens: input.maxTokens,
    temperature: 0,
    onText: () => {},
    probe: true,
  });
  return {
    model: engine.modelId ?? "",
    firstTokenMs: Math.round(res.probe!.firstTokenMs * 100) / 100,
    tokensPerSecond: Math.round(res.probe!.tokensPerSecond * 10) / 10,
    promptTokens: res.inputTokens,
    tokens: res.outputTokens,
  };
}
