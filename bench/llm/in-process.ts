import { streamText } from "ai";
import { getLlama, LlamaChat, LlamaLogLevel } from "node-llama-cpp";
import { engine } from "../../lib/llm";
import { createLlamaCppModel } from "../../lib/llm/provider";
import { selfAndChildrenCpuMs } from "./cpu";
import { onInferenceCore } from "./pin";
import { chunkClock, now, round, summarize, type Sample } from "./stats";
import { chatHistory, QUESTION } from "./workload";

// 1 and 2. node-llama-cpp alone, Kefu's engine, and the AI SDK provider over it. The three are loaded side by side
// and run in turn within each repetition (rotating the order), so background load on the machine hits all three.

/** node-llama-cpp used directly, as its documentation shows: one context, one sequence. */
export async function loadRaw(modelPath: string, threads: number) {
  const t = now();
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({
    sequences: 1,
    threads,
    contextSize: Math.min(4096, model.trainContextSize),
  });
  const loadMs = now() - t;
  const sequence = context.getSequence();
  let chatWrapper = "";
  let inputTokens = 0;
  const run = (system: string, maxTokens: number) => onInferenceCore(() => generate(system, maxTokens));
  async function generate(system: string, maxTokens: number): Promise<Sample> {
    // the clock includes what any answer must do first: a cleared sequence and a chat over it
    const clock = chunkClock();
    await sequence.clearHistory();
    const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
    chatWrapper = chat.chatWrapper.wrapperName;
    const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
    const res = await chat.generateResponse(chatHistory(system), {
      maxTokens,
      temperature: 0,
      onTextChunk: () => void clock.chunk(),
    });
    const sample = clock.sample(sequence.tokenMeter.usedOutputTokens - before.output, res.response);
    inputTokens = sequence.tokenMeter.usedInputTokens - before.input;
    chat.dispose();
    return sample;
  }
  const dispose = async () => {
    await context.dispose();
    await model.dispose();
  };
  return { loadMs: round(loadMs, 1), run, dispose, info: () => ({ chatWrapper, inputTokens }) };
}

/** engine().generate, as the provider calls it (diagnostic: the provider minus the AI SDK). */
export async function engineRun(system: string, maxTokens: number): Promise<Sample> {
  const clock = chunkClock();
  const res = await engine().generate(chatHistory(system), {
    maxTokens,
    temperature: 0,
    onText: () => void clock.chunk(),
  });
  return clock.sample(res.outputTokens, res.text);
}

/** streamText over Kefu's provider, exactly as lib/answering/bot-reply.ts calls it (minus retrieval). */
export async function providerStream(system: string, maxTokens: number, onFirst?: () => void) {
  const model = createLlamaCppModel(engine());
  let text = "";
  const clock = chunkClock();
  const result = streamText({
    model,
    system,
    messages: [{ role: "user", content: QUESTION }],
    temperature: 0,
    maxOutputTokens: maxTokens,
  });
  for await (const delta of result.textStream) {
    if (clock.chunk()) onFirst?.();
    text += delta;
  }
  const sample = clock.sample((await result.usage).outputTokens ?? 0, text);
  const finishReason = await result.finishReason;
  return { sample, finishReason };
}

export async function benchInProcess(
  raw: Awaited<ReturnType<typeof loadRaw>>,
  system: string,
  maxTokens: number,
  reps: number,
) {
  const runs: Record<"raw" | "engine" | "provider", () => Promise<Sample>> = {
    raw: () => raw.run(system, maxTokens),
    engine: () => engineRun(system, maxTokens),
    provider: async () => (await providerStream(system, maxTokens)).sample,
  };
  const names = Object.keys(runs) as (keyof typeof runs)[];
  const samples = { raw: [] as Sample[], engine: [] as Sample[], provider: [] as Sample[] };
  // CPU ms spent per variant: in this process (raw: everything; engine/provider: the parent's side) and in the worker
  const cpu = { raw: { self: 0, worker: 0 }, engine: { self: 0, worker: 0 }, provider: { self: 0, worker: 0 } };
  for (const n of names) await runs[n](); // warm-up
  for (let i = 0; i < reps; i++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length];
      const before = selfAndChildrenCpuMs();
      samples[n].push(await runs[n]());
      const after = selfAndChildrenCpuMs();
      cpu[n].self += after.self - before.self;
      cpu[n].worker += after.children - before.children;
    }
  }
  const perToken = (n: keyof typeof cpu) => {
    const tokens = samples[n].reduce((s, x) => s + x.tokens, 0);
    const us = (ms: number) => round((ms * 1000) / tokens, 0);
    return {
      tokens,
      thisProcessUs: us(cpu[n].self),
      workerUs: us(cpu[n].worker),
      totalUs: us(cpu[n].self + cpu[n].worker),
    };
  };
  return {
    raw: { ...summarize(samples.raw), cpuPerToken: perToken("raw") },
    engine: { ...summarize(samples.engine), cpuPerToken: perToken("engine") },
    provider: { ...summarize(samples.provider), cpuPerToken: perToken("provider") },
  };
}
