import type { Llama, LlamaEmbeddingContext, LlamaModel, Token } from "node-llama-cpp";

/**
 * Runs inside an embedding worker process. One embedding context; texts are embedded one after the other (the
 * context has a single sequence), several per request so a batch costs one round trip to the web server.
 */
export class LocalEmbedder {
  constructor(readonly threads: number) {}
  private llama: Llama | undefined;
  private model: LlamaModel | undefined;
  private context: LlamaEmbeddingContext | undefined;
  private contextSize = 0;
  private chain: Promise<unknown> = Promise.resolve();

  async load(modelPath: string): Promise<void> {
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    this.llama ??= await getLlama({
      gpu: false,
      build: "never",
      maxThreads: this.threads,
      logLevel: LlamaLogLevel.error,
    });
    this.model = await this.llama.loadModel({ modelPath });
    this.contextSize = Math.min(4096, this.model.trainContextSize);
    this.context = await this.model.createEmbeddingContext({ contextSize: this.contextSize, threads: this.threads });
  }

  /** L2-normalised vectors, one per text. Over-long texts are cut to the context; an empty text embeds as a space. */
  embed(texts: string[]): Promise<{ vectors: Float32Array[]; tokens: number }> {
    const run = this.chain.then(() => this.embedNow(texts));
    this.chain = run.catch(() => {}); // the failure goes to this call's caller; the next call must still run
    return run;
  }

  private async embedNow(texts: string[]) {
    const model = this.model;
    const context = this.context;
    if (!model || !context) throw new Error("No embedding model is loaded");
    const vectors: Float32Array[] = [];
    let tokens = 0;
    let dims = 0;
    for (const text of texts) {
      let input: Token[] = model.tokenize(text.trim() ? text : " ");
      // node-llama-cpp adds the BOS and EOS tokens and wants the whole input below the context size
      if (input.length > this.contextSize - 8) input = input.slice(0, this.contextSize - 8);
      tokens += input.length;
      const { vector } = await context.getEmbeddingFor(input);
      dims ||= vector.length;
      vectors.push(normalise(vector, dims));
    }
    return { vectors, tokens };
  }

  async unload() {
    await this.context?.dispose();
    await this.model?.dispose();
    this.context = undefined;
    this.model = undefined;
  }
}

function normalise(vector: readonly number[], dims: number): Float32Array {
  const out = new Float32Array(dims);
  let sum = 0;
  for (let i = 0; i < vector.length && i < dims; i++) sum += vector[i] * vector[i];
  const norm = Math.sqrt(sum) || 1;
  for (let i = 0; i < vector.length && i < dims; i++) out[i] = vector[i] / norm;
  return out;
}
