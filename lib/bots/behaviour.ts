import type { Bot } from ".";

/** Everything an admin can change about how a bot behaves and looks: what a version keeps and a rollback restores. */
export const BEHAVIOUR_FIELDS = [
  "name",
  "greeting",
  "instructions",
  "temperature",
  "maxTokens",
  "modelId",
  "abModelId",
  "abShare",
  "lightModelId",
  "loraFile",
  "knowledgeBaseIds",
  "confidenceThreshold",
  "fastPath",
  "fastPathThreshold",
  "color",
  "position",
  "avatarUrl",
  "language",
  "allowedOrigins",
  "preChatForm",
  "handoffKeywords",
  "handoffAfterFailures",
  "businessHours",
] as const;
export type BehaviourField = (typeof BEHAVIOUR_FIELDS)[number];
export type Behaviour = Pick<Bot, BehaviourField>;

export function behaviourOf(bot: Behaviour): Behaviour {
  const out = Object.fromEntries(BEHAVIOUR_FIELDS.map((f) => [f, bot[f]])) as Behaviour;
  // the order knowledge bases were ticked in is no change of behaviour
  return { ...out, knowledgeBaseIds: [...bot.knowledgeBaseIds].sort() };
}

export type FieldChange = { field: BehaviourField; before: unknown; after: unknown };

/** The fields whose values differ between two behaviours (a field missing from an older one counts as null). */
export function diffBehaviour(before: Partial<Behaviour>, after: Partial<Behaviour>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of BEHAVIOUR_FIELDS) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a, after: b });
  }
  return changes;
}
