// The keys of Kefu's own lines in a conversation (messages/<locale>/system.json); importable by browser code.
export const SYSTEM_KEYS = [
  "visitor_asked",
  "keyword",
  "api",
  "low_confidence",
  "bot_failed",
  "after_hours",
  "no_agent",
  "error",
  "busy",
  "closed",
  "joined",
  "reopened",
] as const;
export type SystemKey = (typeof SYSTEM_KEYS)[number];

export function isSystemKey(key: unknown): key is SystemKey {
  return typeof key === "string" && (SYSTEM_KEYS as readonly string[]).includes(key);
}
