import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import type { EmbeddingEngine } from "./embedder";

/** Kefu's AI SDK embedding model over node-llama-cpp (EmbeddingModelV4): `embed` / `embedMany` from `ai` work over it. */
export function createLlamaCppEmbeddingModel(engine: EmbeddingEngine): EmbeddingModelV4 {
  return {
    specificationVersion: "v4",
    provider: "kefu-llamacpp",
    modelId: engine.modelName ?? "none",
    // the engine splits larger calls into batches itself; one call = one set of vectors from one model
    maxEmbeddingsPerCall: 2048,
    supportsParallelCalls: false,
    // providerOptions: { kefu: { inputType: "passage" } } for texts to be searched; questions by default
    async doEmbed({ values, abortSignal, providerOptions }) {
      abortSignal?.throwIfAborted();
      const as = providerOptions?.kefu?.inputType === "passage" ? "passage" : "query";
      const { vectors, tokens } = await engine.embed(values, as);
      return { embeddings: vectors.map((v) => Array.from(v)), usage: { tokens }, warnings: [] };
    },
  };
}
