// Which form card the chat frame shows, and when: the pre-chat form before the first message, the rating when a
// conversation closes, "leave a message" when no one can answer. One card situation at a time.
import { leaveMessageCard, prechatCard, ratingCard } from "./cards";
import type { Strings } from "./i18n";
import type { VisitorFireAndForget, VisitorRequestPayloads } from "./socket-events";
import type { View } from "./view";

export type Result = { ok: true; data: Record<string, unknown> } | { ok: false; code: string; message: string };
type Profile = { name: string | null; email: string | null };
export type AckedRequest = Exclude<keyof VisitorRequestPayloads, VisitorFireAndForget>;
/** An ack'ed request, its payload typed by the shared protocol. */
export type Request = <E extends AckedRequest>(event: E, payload: VisitorRequestPayloads[E]) => Promise<Result>;

export function createForms(opts: { s: Strings; view: View; preChatForm: boolean; request: Request }) {
  const { s, view, request } = opts;
  // the server's reasons are English and start with the field ("email: …"): a visitor reads the form's own language
  const FIELD_ERRORS: Record<string, keyof Strings> = { email: "badEmail", phone: "badPhone", text: "badText" };
  const errorOf = (r: Result) => {
    if (r.ok) return "";
    if (r.code !== "bad_request") return r.message;
    return s[FIELD_ERRORS[r.message.match(/^(\w+):/)?.[1] ?? ""] ?? "badForm"];
  };
  let showing = ""; // "", "prechat", "leave" or "rate:<conversation id>"
  let profile: Profile = { name: null, email: null };
  const rated = new Set<string>();

  const show = (id: string, cards: HTMLElement[], compose = true) => {
    showing = id;
    view.setCards(cards, compose);
  };

  const forms = {
    setProfile(p: Profile) {
      profile = p;
    },
    /** Another visitor now (identify, reset): nothing of the previous one's forms stays. */
    clear() {
      profile = { name: null, email: null };
      rated.clear();
      show("", []);
    },
    rating(conversationId: string) {
      if (rated.has(conversationId) || showing === `rate:${conversationId}`) return;
      show(`rate:${conversationId}`, [
        ratingCard(s, async ({ rating, comment }) => {
          const r = await request("rate", { conversationId, rating, comment });
          if (r.ok || r.code === "conflict") rated.add(conversationId);
          return errorOf(r);
        }),
      ]);
    },
    /** A new conversation began: the last one's rating card goes. */
    conversationChanged(conversationId: string | null) {
      if (showing.startsWith("rate:") && showing !== `rate:${conversationId}`) show("", []);
    },
    leaveMessage() {
      if (showing === "leave") return;
      show("leave", [leaveMessageCard(s, profile, async (input) => errorOf(await request("leave_message", input)))]);
    },
    /** An agent took the conversation: the form is no longer needed. */
    agentJoined() {
      if (showing === "leave") show("", []);
    },
    async checkAvailability() {
      const r = await request("availability", {});
      if (r.ok && r.data.leaveMessage === true) forms.leaveMessage();
    },
    /** The pre-chat form, while the bot asks for it, the visitor gave no email and has no conversation yet. */
    prechat(hasConversation: boolean) {
      const needed = opts.preChatForm && !profile.email && !hasConversation;
      if (needed && showing !== "prechat") {
        const card = prechatCard(s, async (input) => {
          const r = await request("prechat", input);
          if (r.ok) {
            profile = { name: input.name || null, email: input.email };
            show("", []);
            view.focus();
          }
          return errorOf(r);
        });
        show("prechat", [card], false);
      } else if (!needed && showing === "prechat") show("", []);
    },
  };
  return forms;
}
