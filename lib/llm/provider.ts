import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import type { ChatHistoryItem } from "node-llama-cpp";
import type { LlmEngine } from "./engine";

/** AI SDK prompt → node-llama-cpp chat history (text parts only: Kefu sends no files or tools). */
export function toChatHistory(prompt: LanguageModelV4Prompt): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  for (const m of prompt) {
    const text =
      typeof m.content === "string"
        ? m.content
        : m.content.map((p) => ("text" in p && typeof p.text === "string" ? p.text : "")).join("");
    if (m.role === "system") history.push({ type: "system", text });
    else if (m.role === "user") history.push({ type: "user", text });
    else if (m.role === "assistant") history.push({ type: "model", response: [text] });
  }
  // LlamaChat generates the model's next turn: it expects the history to end with an empty model response
  history.push({ type: "model", response: [] });
  return history;
}

const usage = (input: number, output: number, cached = 0) => ({
  inputTokens: { total: input + cached, noCache: input, cacheRead: cached, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});

const finishReason = (stop: string) => ({
  unified: stop === "maxTokens" ? ("length" as const) : stop === "abort" ? ("other" as const) : ("stop" as const),
  raw: stop,
});

/** Kefu's AI SDK provider over node-llama-cpp (LanguageModelV4). */
export function createLlamaCppModel(engine: LlmEngine): LanguageModelV4 {
  const run = (options: LanguageModelV4CallOptions, onText: (t: string) => void) =>
    engine.generate(toChatHistory(options.prompt), {
      maxTokens: options.maxOutputTokens ?? 256,
      temperature: options.temperature ?? 0.3,
      signal: options.abortSignal,
      onText,
      cacheKey:
        typeof options.providerOptions?.kefu?.cacheKey === "string" ? options.providerOptions.kefu.cacheKey : undefined,
    });

  return {
    specificationVersion: "v4",
    provider: "kefu-llamacpp",
    modelId: engine.modelId ?? "none",
    supportedUrls: {},
    async doGenerate(options) {
      const res = await run(options, () => {});
      return {
        content: [{ type: "text", text: res.text }],
        finishReason: finishReason(res.stopReason),
        usage: usage(res.inputTokens, res.outputTokens, res.cachedInputTokens),
        warnings: [],
      };
    },
    async doStream(options) {
      const id = "t0";
      // the consumer may cancel (visitor gone, takeover): stop generating and never enqueue after that
      const cancel = new AbortController();
      const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, cancel.signal]) : cancel.signal;
      let open = true;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          const push = (part: LanguageModelV4StreamPart) => {
            if (open) controller.enqueue(part);
          };
          const end = () => {
            if (open) controller.close();
            open = false;
          };
          push({ type: "stream-start", warnings: [] });
          let started = false;
          run({ ...options, abortSignal: signal }, (delta) => {
            if (!started) {
              started = true;
              push({ type: "text-start", id });
            }
            push({ type: "text-delta", id, delta });
          }).then(
            (res) => {
              if (!started) push({ type: "text-start", id });
              push({ type: "text-end", id });
              push({
                type: "finish",
                usage: usage(res.inputTokens, res.outputTokens, res.cachedInputTokens),
                finishReason: finishReason(res.stopReason),
                // when each stage of the answer happened (the answer trace and bench:llm read them)
                ...(res.timings ? { providerMetadata: { kefu: { timings: res.timings } } } : {}),
              });
              end();
            },
            (error) => {
              push({ type: "error", error });
              end();
            },
          );
        },
        cancel() {
          open = false;
          cancel.abort();
        },
      });
      return { stream };
    },
  };
}
