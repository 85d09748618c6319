// The chat frame's forms, shown as cards under the messages: pre-chat (name, email), the rating when a conversation
// closes, and "leave a message" when no one can answer. Each submit resolves to an error message or "".
import type { Strings } from "./i18n";
import { el } from "./view";

type Submit<T> = (value: T) => Promise<string>;

function card(testId: string, heading: string, text?: string) {
  const c = el("form", { class: "card", "data-testid": testId, novalidate: "" });
  c.append(el("h3", {}, heading));
  if (text) c.append(el("p", {}, text));
  return c;
}

function field(tag: "input" | "textarea", testId: string, label: string, type = "text") {
  const f = el(tag, {
    "data-testid": testId,
    "aria-label": label,
    placeholder: label,
    ...(tag === "input" ? { type } : { rows: "3" }),
  });
  return f as HTMLInputElement | HTMLTextAreaElement;
}

/** Wires a card's submit: disables the button while waiting, shows the server's refusal, or calls done. */
function wire(form: HTMLFormElement, button: HTMLButtonElement, run: () => Promise<string>, done: () => void) {
  const error = el("p", { class: "error", role: "alert", "data-testid": `${form.dataset.testid}-error` });
  error.hidden = true;
  form.append(error);
  form.onsubmit = async (e) => {
    e.preventDefault();
    button.disabled = true;
    const problem = await run();
    button.disabled = false;
    error.textContent = problem;
    error.hidden = !problem;
    if (!problem) done();
  };
}

export function prechatCard(s: Strings, submit: Submit<{ name: string; email: string }>) {
  const form = card("kefu-prechat", s.prechatTitle, s.prechatText);
  const name = field("input", "kefu-prechat-name", s.name);
  const email = field("input", "kefu-prechat-email", s.email, "email");
  const button = el("button", { class: "primary", type: "submit", "data-testid": "kefu-prechat-submit" }, s.start);
  form.append(name, email, button);
  wire(
    form,
    button,
    () => submit({ name: name.value.trim(), email: email.value.trim() }),
    () => {},
  );
  return form;
}

export function ratingCard(s: Strings, submit: Submit<{ rating: number; comment: string }>) {
  const form = card("kefu-csat", s.rateTitle);
  const stars = el("div", { class: "stars", role: "group" });
  let rating = 0;
  const buttons = [1, 2, 3, 4, 5].map((n) => {
    const b = el(
      "button",
      {
        type: "button",
        "data-testid": "kefu-csat-star",
        "data-value": String(n),
        "aria-label": s.rateStar.replace("{n}", String(n)),
        "aria-pressed": "false",
      },
      "★",
    );
    b.onclick = () => {
      rating = n;
      buttons.forEach((x, i) => x.setAttribute("aria-pressed", String(i < n)));
      button.disabled = false;
    };
    return b;
  });
  stars.append(...buttons);
  const comment = field("textarea", "kefu-csat-comment", s.comment);
  const button = el("button", { class: "primary", type: "submit", "data-testid": "kefu-csat-submit" }, s.submit);
  button.disabled = true;
  form.append(stars, comment, button);
  wire(
    form,
    button,
    () => submit({ rating, comment: comment.value.trim() }),
    () => {
      form.replaceChildren(el("p", { "data-testid": "kefu-csat-thanks" }, s.thanks));
    },
  );
  return form;
}

export function leaveMessageCard(
  s: Strings,
  prefill: { name?: string | null; email?: string | null },
  submit: Submit<{ name: string; email: string; phone?: string; text: string }>,
) {
  const form = card("kefu-leave", s.leaveTitle, s.leaveText);
  const name = field("input", "kefu-leave-name", s.name);
  const email = field("input", "kefu-leave-email", s.email, "email");
  const phone = field("input", "kefu-leave-phone", s.phone, "tel");
  const text = field("textarea", "kefu-leave-text", s.leaveBody);
  name.value = prefill.name ?? "";
  email.value = prefill.email ?? "";
  const button = el("button", { class: "primary", type: "submit", "data-testid": "kefu-leave-submit" }, s.leaveSend);
  form.append(name, email, phone, text, button);
  const contact = () => ({
    name: name.value.trim(),
    email: email.value.trim(),
    ...(phone.value.trim() ? { phone: phone.value.trim() } : {}),
  });
  wire(
    form,
    button,
    () => submit({ ...contact(), text: text.value.trim() }),
    () => {
      form.replaceChildren(el("p", { "data-testid": "kefu-leave-thanks" }, s.leaveThanks));
    },
  );
  return form;
}
