// The chat frame's DOM. Text from visitors and the server is set with textContent; bot and agent answers go through
// the tiny Markdown renderer, which builds elements itself: markup in a message shows as text and never runs.
import type { Strings } from "./i18n";
import { renderMarkdown } from "./markdown";
import type { PastConversation } from "./protocol";
import type { ChatState, Item } from "./state";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export type View = ReturnType<typeof createView>;
export type ViewOptions = {
  embedded: boolean;
  s: Strings;
  avatarUrl: string | null;
  onSend: (text: string) => void;
  onClose: () => void;
  onHuman: () => void;
  onTyping: (on: boolean) => void;
};

export function createView(root: HTMLElement, opts: ViewOptions) {
  const { s } = opts;
  const statusText: Record<string, string> = { waiting: s.waiting, agent: s.agent, closed: s.closed };
  const title = el("div", { class: "title", "data-testid": "kefu-title" }, s.chat);
  const human = el("button", { class: "human", type: "button", "data-testid": "kefu-human" }, s.human);
  human.onclick = opts.onHuman;
  const close = el(
    "button",
    { class: "close", type: "button", "aria-label": s.close, "data-testid": "kefu-close" },
    "×",
  );
  close.hidden = !opts.embedded;
  close.onclick = opts.onClose;
  const header = el("header");
  if (opts.avatarUrl)
    header.append(
      el("img", {
        class: "avatar",
        src: opts.avatarUrl,
        alt: "",
        "data-testid": "kefu-avatar",
        referrerpolicy: "no-referrer",
      }),
    );
  header.append(title, human, close);
  const note = el("div", { class: "note", "data-testid": "kefu-status", role: "status" });
  const conn = el("div", { class: "note", "data-testid": "kefu-connection", role: "status" });
  note.hidden = conn.hidden = true;
  const list = el("div", { class: "list", "data-testid": "kefu-messages", "aria-live": "polite" });
  const greeting = el("div", { class: "m bot", "data-testid": "kefu-greeting" });
  // an identified person's earlier conversations: read-only, above the greeting and the current one
  const past = el("div", { class: "past", "data-testid": "kefu-history" });
  const typing = el("div", { class: "typing", "data-testid": "kefu-typing", "aria-label": s.typing });
  typing.append(el("i"), el("i"), el("i"));
  const agentTyping = el("div", { class: "note", "data-testid": "kefu-agent-typing" }, s.agentTyping);
  agentTyping.hidden = true;
  const error = el("div", { class: "error", "data-testid": "kefu-error", role: "alert" });
  const input = el("textarea", {
    rows: "1",
    placeholder: s.placeholder,
    "aria-label": s.message,
    "data-testid": "kefu-input",
  });
  const send = el("button", { class: "send", type: "button", "data-testid": "kefu-send" }, s.send);
  const form = el("div", { class: "compose" });
  form.append(input, send);
  error.hidden = true;
  root.append(header, note, conn, list, agentTyping, error, form);

  let typingOn = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const stopTyping = () => {
    clearTimeout(idle);
    if (typingOn) opts.onTyping((typingOn = false));
  };
  input.addEventListener("input", () => {
    if (!input.value.trim()) return stopTyping();
    opts.onTyping((typingOn = true)); // the frame and the server thin these out
    clearTimeout(idle);
    idle = setTimeout(stopTyping, 3_000);
  });
  const submit = () => {
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    stopTyping();
    opts.onSend(text);
  };
  send.onclick = submit;
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });

  let nodes = new Map<string, HTMLElement>();
  let shown = new Map<string, Item>(); // the item each node was last drawn from, to skip unchanged ones
  const drawn = new WeakMap<HTMLElement, string>(); // what each text element shows, and how
  let cards: HTMLElement[] = []; // pre-chat, rating, leave-a-message: after the messages
  let disabled = false;

  function messageNode() {
    const node = el("div", { "data-testid": "kefu-message" });
    node.append(el("div", { class: "text" }));
    return node;
  }

  function update(node: HTMLElement, item: Item) {
    node.className = `m ${item.role}`;
    node.dataset.role = item.role;
    if (item.id) node.dataset.id = item.id;
    else delete node.dataset.id;
    if (item.state === "streaming") node.dataset.streaming = "true";
    else delete node.dataset.streaming;
    if (item.state === "pending") node.dataset.state = "pending";
    else delete node.dataset.state;
    const text = node.firstChild as HTMLElement;
    // a streaming answer grows as plain text (half-written markup would flicker); the stored one is formatted
    const rich = (item.role === "bot" || item.role === "agent") && item.state !== "streaming";
    const want = `${rich ? "md" : "txt"}:${item.text}`;
    if (drawn.get(text) !== want) {
      if (rich) renderMarkdown(text, item.text);
      else text.textContent = item.text;
      text.style.whiteSpace = rich ? "" : "pre-wrap";
      drawn.set(text, want);
    }
    const cites = item.role === "bot" ? (item.citations ?? []) : [];
    const key = JSON.stringify(cites);
    let src = node.querySelector<HTMLElement>(".sources");
    if (cites.length && !src) node.append((src = el("div", { class: "sources", "data-testid": "kefu-sources" })));
    if (src && drawn.get(src) !== key) {
      drawn.set(src, key);
      src.replaceChildren(cites.length ? `${s.sources}: ` : "");
      cites.forEach((c, i) => {
        if (i) src!.append(", ");
        // the page opened from a citation gets no handle on the chat (noopener)
        if (c.url)
          src!.append(
            el(
              "a",
              { href: c.url, target: "_blank", rel: "noopener noreferrer", "data-testid": "kefu-source-link" },
              c.title,
            ),
          );
        else src!.append(c.document ? `${c.title} (${c.document})` : c.title);
      });
    }
  }

  let last: { s: ChatState; typing: boolean } | undefined;
  function render(st: ChatState, typingNow: boolean) {
    last = { s: st, typing: typingNow };
    if (st.bot) {
      title.textContent = st.bot.name || s.chat;
      greeting.textContent = st.bot.greeting;
    }
    human.hidden = disabled || st.status !== "bot";
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const wanted: HTMLElement[] = past.childElementCount ? [past] : [];
    if (st.bot?.greeting) wanted.push(greeting);
    const nextNodes = new Map<string, HTMLElement>();
    const nextShown = new Map<string, Item>();
    for (const item of st.items) {
      // a pending send that became its stored message keeps its node
      const node =
        nodes.get(item.key) ?? (item.clientId ? nodes.get(`c:${item.clientId}`) : undefined) ?? messageNode();
      if (shown.get(item.key) !== item) update(node, item);
      nextNodes.set(item.key, node);
      nextShown.set(item.key, item);
      wanted.push(node);
    }
    if (typingNow) wanted.push(typing);
    wanted.push(...cards);
    nodes = nextNodes;
    shown = nextShown;
    wanted.forEach((node, i) => {
      if (list.children[i] !== node) list.insertBefore(node, list.children[i] ?? null);
    });
    while (list.children.length > wanted.length) list.lastElementChild!.remove();
    note.textContent = statusText[st.status] ?? "";
    note.hidden = !note.textContent;
    if (nearBottom) list.scrollTop = list.scrollHeight;
  }
  const rerender = () => last && render(last.s, last.typing);

  return {
    render,
    input,
    setError(message: string) {
      error.textContent = message;
      error.hidden = !message;
    },
    setConnection(message: string) {
      conn.textContent = message;
      conn.hidden = !message;
    },
    setAgentTyping(on: boolean) {
      agentTyping.hidden = !on;
    },
    /** Cards shown after the messages; `compose: false` hides the input while one must be filled first. */
    setCards(next: HTMLElement[], compose = true) {
      cards = next;
      form.hidden = !compose;
      if (!last) next.forEach((c) => list.append(c));
      rerender();
      list.scrollTop = list.scrollHeight;
    },
    restoreInput(text: string) {
      if (!input.value) input.value = text;
    },
    /** Earlier conversations (none after a reset or for an anonymous visitor). */
    setHistory(conversations: PastConversation[], lang: string) {
      past.replaceChildren();
      for (const c of conversations) {
        if (!c.messages.length) continue;
        const when = c.closedAt ? new Date(c.closedAt).toLocaleDateString(lang) : "";
        past.append(
          el(
            "div",
            { class: "divider", "data-testid": "kefu-history-divider" },
            `${s.earlier}${when ? ` · ${when}` : ""}`,
          ),
        );
        for (const m of c.messages) {
          const node = messageNode();
          node.dataset.testid = "kefu-history-message";
          const item: Item = {
            key: m.id,
            id: m.id,
            role: m.role,
            text: m.text,
            conversationId: c.id,
            seq: m.seq,
            createdAt: Date.parse(m.createdAt),
            state: "sent",
            citations: m.citations,
          };
          update(node, item);
          node.dataset.conversationId = c.id;
          past.append(node);
        }
      }
      rerender();
    },
    focus: () => input.focus(),
    disable() {
      input.disabled = send.disabled = disabled = true;
      human.hidden = true;
    },
  };
}
