// The chat frame's DOM. Every text that came from a visitor, agent, bot or the server is set with textContent:
// a message containing HTML shows as text and never runs.
import type { ChatState, Item } from "./state";

const STATUS_TEXT: Record<string, string> = {
  waiting: "Waiting for an agent…",
  agent: "An agent joined",
  closed: "Conversation closed. Send a message to start a new one.",
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export type View = ReturnType<typeof createView>;

export function createView(root: HTMLElement, opts: { embedded: boolean; onSend: (text: string) => void; onClose: () => void }) {
  const title = el("div", { class: "title", "data-testid": "kefu-title" }, "Chat");
  const close = el("button", { class: "close", type: "button", "aria-label": "Close chat", "data-testid": "kefu-close" }, "×");
  close.hidden = !opts.embedded;
  close.onclick = opts.onClose;
  const header = el("header");
  header.append(title, close);
  const note = el("div", { class: "note", "data-testid": "kefu-status", role: "status" });
  const conn = el("div", { class: "note", "data-testid": "kefu-connection", role: "status" });
  note.hidden = conn.hidden = true;
  const list = el("div", { class: "list", "data-testid": "kefu-messages", "aria-live": "polite" });
  const greeting = el("div", { class: "m bot", "data-testid": "kefu-greeting" });
  const typing = el("div", { class: "typing", "data-testid": "kefu-typing", "aria-label": "The assistant is typing" });
  typing.append(el("i"), el("i"), el("i"));
  const error = el("div", { class: "error", "data-testid": "kefu-error", role: "alert" });
  const input = el("textarea", { rows: "1", placeholder: "Type your message…", "aria-label": "Message", "data-testid": "kefu-input" });
  const send = el("button", { class: "send", type: "button", "data-testid": "kefu-send" }, "Send");
  const form = el("div", { class: "compose" });
  form.append(input, send);
  error.hidden = true;
  root.append(header, note, conn, list, error, form);

  const submit = () => {
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
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
    if (text.textContent !== item.text) text.textContent = item.text;
    const sources = item.role === "bot" && item.citations?.length ? `Sources: ${item.citations.map((c) => c.title).join(", ")}` : "";
    let src = node.querySelector<HTMLElement>(".sources");
    if (sources && !src) node.append((src = el("div", { class: "sources", "data-testid": "kefu-sources" })));
    if (src) src.textContent = sources;
  }

  function render(s: ChatState, typingNow: boolean) {
    if (s.bot) {
      title.textContent = s.bot.name || "Chat";
      greeting.textContent = s.bot.greeting;
    }
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const wanted: HTMLElement[] = s.bot?.greeting ? [greeting] : [];
    const nextNodes = new Map<string, HTMLElement>();
    const nextShown = new Map<string, Item>();
    for (const item of s.items) {
      // a pending send that became its stored message keeps its node
      const node = nodes.get(item.key) ?? (item.clientId ? nodes.get(`c:${item.clientId}`) : undefined) ?? messageNode();
      if (shown.get(item.key) !== item) update(node, item);
      nextNodes.set(item.key, node);
      nextShown.set(item.key, item);
      wanted.push(node);
    }
    if (typingNow) wanted.push(typing);
    nodes = nextNodes;
    shown = nextShown;
    wanted.forEach((node, i) => {
      if (list.children[i] !== node) list.insertBefore(node, list.children[i] ?? null);
    });
    while (list.children.length > wanted.length) list.lastElementChild!.remove();
    note.textContent = STATUS_TEXT[s.status] ?? "";
    note.hidden = !note.textContent;
    if (nearBottom) list.scrollTop = list.scrollHeight;
  }

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
    restoreInput(text: string) {
      if (!input.value) input.value = text;
    },
    focus: () => input.focus(),
    disable() {
      input.disabled = send.disabled = true;
    },
  };
}
