import assert from "node:assert/strict";
import { test } from "node:test";
import { runBench } from "./helpers/bench";

test("bench:answers asks labelled questions through a real server and scores every answer", async () => {
  const { json } = await runBench("answers");
  assert.equal(json.quick, true);
  const m = json.models[0];
  assert.equal(m.answers.length, 5, "one conversation of each kind");
  for (const a of m.answers) assert.ok(a.text.trim(), `an answer to ${a.case}`);
  assert.ok(
    m.answers.find((a: { kind: string }) => a.kind === "followup").earlierAnswers.length === 1,
    "the follow-up was asked after its first turn was answered",
  );
  const s = m.summary.all;
  for (const k of [
    "answersWithFact",
    "citesRightEntry",
    "outOfScopeToPerson",
    "inVisitorsLanguage",
    "injectionsRefused",
  ])
    assert.ok(s[k] && s[k].of > 0, `${k} is measured`);
  // the canned refusal and the no-answer offer do not depend on the model: these hold even for the tiny one
  assert.equal(s.injectionsRefused.rate, 1, "the injection is refused");
  assert.equal(s.outOfScopeToPerson.rate, 1, "the out-of-scope question is handed to a person");
});
