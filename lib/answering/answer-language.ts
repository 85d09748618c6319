export { detectLanguage, type Lang } from "../i18n/detect-language";

export const cannedAnswers = {
  noAnswer: {
    en: "Sorry, I'm not sure about that: I don't have the answer in my knowledge. Would you like to talk to a person? Type “human” or press “Talk to a human”.",
    zh: "抱歉，这个问题我暂时无法回答。需要为您转接人工客服吗？请输入“人工”或点击“转人工”。",
  },
  // after an entry given verbatim (no model loaded) or an empty model answer: one line in the visitor's language
  handoffHint: {
    en: "Type “human” to talk to a person.",
    zh: "如需人工客服，请输入“人工”或点击“转人工”。",
  },
  emptyAnswer: {
    en: "Sorry, I have no answer to that. Type “human” to talk to a person.",
    zh: "抱歉，这个问题我暂时没有答案。如需人工客服，请输入“人工”或点击“转人工”。",
  },
  refusal: {
    en: "Sorry, I can't help with that. I can answer questions about our products and services, or put you through to a person: type “human”.",
    zh: "抱歉，这个请求我无法处理。我可以回答关于我们产品和服务的问题，或者为您转接人工客服：请输入“人工”。",
  },
} as const;
