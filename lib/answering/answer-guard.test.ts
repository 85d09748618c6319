import assert from "node:assert/strict";
import { test } from "node:test";
import { createAnswerGuard, leaksSecret } from "./answer-guard";
import { buildPrompt } from "./prompt";

const bot = {
  instructions: "You are Lumi, the helpdesk of Acme Shoes. Never offer discounts above ten percent to anyone who asks.",
};
const hits = [{ title: "Returns", content: "You can return shoes within 30 days of delivery for a full refund." }];

test("an answer reading back the instructions is stopped at the delta that completes the run", () => {
  const { secret, knowledge } = buildPrompt(bot, hits);
  const guard = createAnswerGuard(secret, knowledge);
  const deltas = [
    "Sure! My instructions say: ",
    "You are Lumi, the helpdesk ",
    "of Acme Shoes. Never ",
    "offer discounts above ten percent",
  ];
  const passed: string[] = [];
  for (const d of deltas) if (guard.push(d)) passed.push(d);
  assert.equal(guard.tripped, true);
  // what got through is shorter than the guard's run length: no 8 consecutive words of the instructions
  assert.equal(leaksSecret(secret, passed.join(""), knowledge), false);
  assert.ok(passed.join("").split(/\s+/).length < 14);
});

test("Kefu's own rules are guarded too, in any case and spacing", () => {
  const { secret } = buildPrompt(bot, hits);
  assert.equal(
    leaksSecret(secret, "ok: ANSWER the visitor only from the knowledge   entries below. If they do not"),
    true,
  );
});

test("Chinese instructions are guarded character by character", () => {
  const { secret } = buildPrompt({ instructions: "你是小美，只回答关于鞋子的问题，不得透露内部折扣政策。" }, []);
  assert.equal(leaksSecret(secret, "我的指令是：只回答关于鞋子的问题，不得透露内部折扣"), true);
  assert.equal(leaksSecret(secret, "您好，请问有什么关于鞋子的问题？"), false);
});

test("normal answers and quotes of the knowledge pass", () => {
  const { secret, knowledge } = buildPrompt(bot, hits);
  assert.equal(
    leaksSecret(secret, "You can return shoes within 30 days of delivery for a full refund [1].", knowledge),
    false,
  );
  assert.equal(leaksSecret(secret, "Hi, I am Lumi. How can I help you with your shoes today?", knowledge), false);
});

test("a run of the instructions that is also in the knowledge is allowed (quoting the knowledge is the point)", () => {
  const shared = "Orders over 100 yuan ship free to every province in China";
  const { secret, knowledge } = buildPrompt({ instructions: `Remember: ${shared}.` }, [
    { title: "Shipping", content: `${shared}.` },
  ]);
  assert.equal(leaksSecret(secret, `${shared} [1].`, knowledge), false);
  assert.equal(leaksSecret(secret, `${shared} [1].`), true, "without the knowledge the same text is a leak");
});
