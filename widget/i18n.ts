// Every string the chat frame shows, in English and Simplified Chinese. The bot's language setting wins; "auto"
// follows the browser.
export type Lang = "en" | "zh-CN";

export function pickLang(setting: string | null | undefined, browser: readonly string[]): Lang {
  if (setting === "en" || setting === "zh-CN") return setting;
  const first = browser.find(Boolean) ?? "en";
  return /^zh\b/i.test(first) ? "zh-CN" : "en";
}

const en = {
  chat: "Chat",
  close: "Close chat",
  placeholder: "Type your message…",
  message: "Message",
  send: "Send",
  human: "Talk to a human",
  typing: "The assistant is typing",
  agentTyping: "An agent is typing…",
  sources: "Sources",
  waiting: "Waiting for an agent…",
  agent: "An agent joined",
  closed: "Conversation closed. Send a message to start a new one.",
  reconnecting: "Reconnecting…",
  sendFailed: "The message could not be sent. Check your connection and try again.",
  loadFailed: "The chat could not be loaded.",
  unknownKey: "This chat is not available: the widget key is not known to the server.",
  notAllowed: "This chat is not available on this site.",
  missingKey: "The widget key is missing.",
  startFailed: "The chat could not start.",
  prechatTitle: "Before we start",
  prechatText: "Tell us how to reach you.",
  name: "Name",
  email: "Email",
  phone: "Phone (optional)",
  start: "Start chat",
  rateTitle: "How did we do?",
  rateStar: "{n} of 5",
  comment: "Anything to add? (optional)",
  submit: "Send rating",
  thanks: "Thank you for your rating!",
  leaveTitle: "Leave a message",
  leaveText: "No one is available right now. Leave your email and we will get back to you.",
  leaveBody: "Your message",
  leaveSend: "Send message",
  leaveThanks: "Thank you! We will reply by email.",
  identifyFailed: "The visitor's identity was refused",
  earlier: "Earlier conversation",
  tooFast: "You are sending messages too quickly. Please wait {s} s and send again.",
};
export type Strings = typeof en;

const zh: Strings = {
  chat: "在线客服",
  close: "关闭对话",
  placeholder: "请输入消息…",
  message: "消息",
  send: "发送",
  human: "转人工",
  typing: "助手正在输入",
  agentTyping: "客服正在输入…",
  sources: "来源",
  waiting: "正在等待人工客服…",
  agent: "人工客服已接入",
  closed: "对话已结束。发送消息即可开始新的对话。",
  reconnecting: "正在重新连接…",
  sendFailed: "消息发送失败，请检查网络后重试。",
  loadFailed: "对话加载失败。",
  unknownKey: "客服暂不可用：服务器不认识此插件密钥。",
  notAllowed: "此网站无法使用该客服。",
  missingKey: "缺少插件密钥。",
  startFailed: "对话无法开始。",
  prechatTitle: "开始之前",
  prechatText: "请留下您的联系方式。",
  name: "姓名",
  email: "邮箱",
  phone: "电话（选填）",
  start: "开始对话",
  rateTitle: "请为本次服务评分",
  rateStar: "{n} 星（共 5 星）",
  comment: "还有什么想说的吗？（选填）",
  submit: "提交评分",
  thanks: "感谢您的评价！",
  leaveTitle: "留言",
  leaveText: "当前没有客服在线。请留下邮箱，我们会尽快回复您。",
  leaveBody: "留言内容",
  leaveSend: "提交留言",
  leaveThanks: "谢谢！我们会通过邮件回复您。",
  identifyFailed: "访客身份验证失败",
  earlier: "之前的对话",
  tooFast: "您发送消息太快了，请等待 {s} 秒后再发送。",
};

export const strings = (lang: Lang): Strings => (lang === "zh-CN" ? zh : en);
