// The server's speed test (POST /api/admin/models {action: "speed-test"}, lib/llm/speed-test.ts) as a bench sample:
// node-llama-cpp's own chat loop inside the server's inference process, the same weights in memory as the answers
// visitors get. On the bench VM the memory a process happens to get moved tokens/s by up to ±15 % from one process
// to the next, so this is the like-for-like raw figure for the end-to-end tokens/s.
import { signInCookieAt } from "../../tests/helpers/sign-in";
import type { Sample } from "./stats";
import { QUESTION } from "./workload";

export async function speedTestOf(
  url: string,
  admin: { email: string; password: string },
  system: string,
  maxTokens: number,
) {
  const cookie = await signInCookieAt(url, admin.email, admin.password);
  return async (): Promise<Sample> => {
    const res = await fetch(`${url}/api/admin/models`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ action: "speed-test", system, question: QUESTION, maxTokens }),
    });
    const body = (await res.json()) as {
      speedTest?: { firstTokenMs: number; tokensPerSecond: number; tokens: number };
      error?: unknown;
    };
    if (!body.speedTest) throw new Error(`speed test: ${res.status} ${JSON.stringify(body.error)}`);
    const t = body.speedTest;
    return {
      ttftMs: t.firstTokenMs,
      tokens: t.tokens,
      tokPerSec: t.tokensPerSecond,
      totalMs: 0,
      chunks: 0,
      chars: 0,
      text: "",
    };
  };
}
