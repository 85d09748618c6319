import type { BatchItem, LlamaContext, PrioritizedBatchItem } from "node-llama-cpp";

/**
 * Makes the answers that generate side by side in one context share each llama_decode, so 8 conversations cost less
 * than 8 times one. Two things stood in the way (measured with node-llama-cpp 3.22 on the 2-core bench machine,
 * 8 sequences of a 114M-parameter model, 128 tokens each: aggregate 79 tok/s alone, 136 tok/s with both fixes):
 *
 * 1. Order. node-llama-cpp gives every sequence its own KV stream, and llama.cpp then puts into one micro-batch only
 *    sequences whose ids ascend by one (llama_batch_allocr::split_equal, `sequential`). Items reached the batch in
 *    queue order (often descending: sequences are handed out last-in first-out), so each sequence was decoded in a
 *    micro-batch of its own. The batch is now ordered by sequence id, and LocalLlama hands out the lowest free id.
 * 2. Phase. One sequence that fell one step behind (its first token came from a later batch) stayed behind for good:
 *    node-llama-cpp decodes whatever is queued as soon as the previous decode returns, so the steps alternated
 *    between a batch of 7 and a batch of 1. A generation step (one token) now waits until every generating sequence
 *    has asked for its step (a sequence evaluating its prompt is not waited for), or no step is being decoded and
 *    2 ms passed (a sequence busy elsewhere, or one that just finished); then all are queued at once, in id order.
 *    Prompt evaluations (several tokens) never wait.
 *
 * Both use node-llama-cpp internals (`_decodeTokens`, `_queuedDecodes`); when a version lacks them nothing is
 * changed and answers still work, one micro-batch per sequence as before.
 */

type QueuedDecode = { sequenceId: number; tokens: unknown };
type DecodeRequest = { sequenceId: number; tokens: ArrayLike<number> };
type Internals = {
  _decodeTokens?: (request: DecodeRequest, mapper: unknown) => Promise<unknown>;
  _queuedDecodes?: QueuedDecode[];
};

const STRAGGLER_WAIT_MS = 2;

/** The batch-item strategy for createContext: node-llama-cpp's "maximumParallelism" split, ordered by sequence id. */
export function orderedBySequence(getContext: () => LlamaContext | undefined) {
  return ({ items, size }: { items: readonly BatchItem[]; size: number }): PrioritizedBatchItem[] => {
    let left = size;
    const share = Math.max(1, Math.floor(size / Math.max(1, items.length)));
    const out: PrioritizedBatchItem[] = [];
    for (const item of items) {
      if (left <= 0) break;
      const n = Math.min(item.tokens.length, left, share);
      out.push({ item, processAmount: n });
      left -= n;
    }
    for (const p of out) {
      if (left <= 0) break;
      const more = Math.min(p.item.tokens.length - p.processAmount, left);
      p.processAmount += more;
      left -= more;
    }
    const queued = (getContext() as unknown as Internals | undefined)?._queuedDecodes;
    if (queued) {
      const idOf = new Map<unknown, number>();
      for (const q of queued) idOf.set(q.tokens, q.sequenceId);
      out.sort((a, b) => (idOf.get(a.item.tokens) ?? 0) - (idOf.get(b.item.tokens) ?? 0));
    }
    return out;
  };
}

/**
 * Holds each generation step until the other generating sequences ask for theirs (see above).
 * `generating()` is how many sequences are answering now. Returns, per sequence id, how many of its steps were
 * queued together with another sequence's (null when the internals are missing and nothing was changed).
 */
export function syncGenerationSteps(context: LlamaContext, generating: () => number): Map<number, number> | null {
  const ctx = context as unknown as Internals;
  if (typeof ctx._decodeTokens !== "function" || !Array.isArray(ctx._queuedDecodes)) return null;
  const shared = new Map<number, number>();
  const decode = ctx._decodeTokens.bind(context);
  type Held = { request: DecodeRequest; mapper: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let held: Held[] = [];
  const evaluatingPrompt = new Set<number>();
  const stepping = new Set<number>();
  let timer: NodeJS.Timeout | undefined;

  const release = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = held.sort((a, b) => a.request.sequenceId - b.request.sequenceId);
    held = [];
    for (const h of batch) {
      if (batch.length > 1) shared.set(h.request.sequenceId, (shared.get(h.request.sequenceId) ?? 0) + 1);
      stepping.add(h.request.sequenceId);
      decode(h.request, h.mapper)
        .finally(() => {
          stepping.delete(h.request.sequenceId);
          check();
        })
        .then(h.resolve, h.reject);
    }
  };
  const check = () => {
    if (!held.length) return;
    if (held.length >= generating() - evaluatingPrompt.size) release();
    else if (!stepping.size) timer ??= setTimeout(release, STRAGGLER_WAIT_MS);
  };

  ctx._decodeTokens = (request, mapper) => {
    if (request.tokens.length !== 1 || generating() <= 1) {
      if (request.tokens.length === 1) return decode(request, mapper);
      evaluatingPrompt.add(request.sequenceId);
      return decode(request, mapper).finally(() => {
        evaluatingPrompt.delete(request.sequenceId);
        check();
      });
    }
    return new Promise((resolve, reject) => {
      held.push({ request, mapper, resolve, reject });
      check();
    });
  };
  return shared;
}
