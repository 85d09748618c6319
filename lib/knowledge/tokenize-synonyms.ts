// Words support questions use for the same thing, folded onto one token at indexing and at search time, so "parcel"
// finds "package" and "退钱" finds "退款". Generic e-commerce and help-desk vocabulary, not any one shop's.
const EN = [
  "ship shipping shipment delivery deliver dispatch postage courier",
  "package parcel",
  "refund reimburse reimbursement",
  "invoice receipt bill",
  "price cost fee",
  "pay payment",
  "coupon voucher promo",
  "register signup registration",
  "login signin logon",
  "password passcode",
  "delete erase",
  "unsubscribe optout",
  "email mail",
  "stock restock inventory",
  "warranty guarantee",
  "repair fix",
  "store shop",
  "bulk wholesale",
  "plan tier",
  "user seat teammate colleague member",
  "role permission",
  "sso saml",
  "2fa mfa authenticator",
  "import upload",
  "webhook callback",
  "widget bubble launcher",
  "website site webpage",
  "bot chatbot",
  "human agent person staff representative",
  "report analytics statistics stats dashboard",
  "phone mobile",
  "premise onpremise selfhosted",
  "outage incident",
  "nonprofit charity education student school",
  "damaged broken defective cracked crushed faulty",
  "wrong incorrect",
  "late delayed overdue",
  "exchange swap",
  "buy purchase",
  "item product",
  "conversation chat",
  "color colour theme style",
];
const ZH = [
  "物流 快递 包裹 配送",
  "发货 发出 寄出 出库",
  "退款 退钱 退费",
  "退货 退回 寄回",
  "运费 邮费 快递费",
  "包邮 免运费",
  "发票 开票 专票 普票",
  "优惠券 代金券 券",
  "取消 撤销 退订",
  "登录 登陆",
  "注销 销户",
  "手机号 手机号码",
  "破损 损坏 压坏 坏 碎",
  "发错 寄错",
  "少发 漏发",
  "扣款 扣钱 扣费",
  "尺码 码数",
  "缺货 断货 没货 补货",
  "保修 质保",
  "维修 寄修 返修",
  "自提 自取",
  "人工 真人",
  "投诉 反馈",
  "采购 批量 团购",
  "海外 国外 境外",
  "试用 体验",
  "套餐 版本",
  "续费 续订",
  "坐席 客服账号",
  "权限 角色",
  "两步验证 二次验证 动态码 双重验证",
  "私有化 内网 本地部署",
  "挂件 聊天窗口 客服按钮 插件",
  "网站 官网 网页",
  "微信 公众号 小程序 企业微信",
  "机器人 智能客服",
  "快捷回复 话术 快捷短语",
  "聊天记录 历史会话 会话记录",
  "报表 统计",
  "接口 api",
  "英文 英语",
  "正品 真货 假货",
  "价保 价格保护 差价 降价",
  "安装 上门安装",
];

// Multi-word English expressions, rewritten to one word before tokenizing ("sign up" must not match "single sign-on").
const PHRASES: [RegExp, string][] = [
  [/\bsingle sign[- ]?on\b/g, "sso"],
  [/\bsign(?:ing|ed)? ?up\b/g, "signup"],
  [/\b(?:sign|log)(?:ging|ged)? ?(?:in|on)\b/g, "login"],
  [/\bsen(?:d|ding|t) (?:\w+ )?back\b/g, "return"],
  [/\bmoney back\b/g, "refund"],
  [/\bcheck ?out\b/g, "checkout"],
  [/\bopt(?:ing)? ?out\b/g, "optout"],
  [/\bon[- ]?prem(?:ise|ises)?\b/g, "onpremise"],
  [/\bself[- ]?host(?:ed|ing)?\b/g, "selfhosted"],
  [/\b(?:is|goes|went|be) down\b/g, "outage"],
];

/** Lower-cased text with the multi-word expressions above folded into single words. */
export function foldPhrases(text: string): string {
  let out = text;
  for (const [re, by] of PHRASES) out = out.replace(re, by);
  return out;
}

let canonical: Map<string, string> | undefined;

/** The group's first word for any word of a group (English words compared stemmed), else the word itself. */
export function synonym(token: string, stem: (w: string) => string): string {
  if (!canonical) {
    canonical = new Map();
    for (const line of EN) {
      const [head, ...rest] = line.split(" ").map(stem);
      for (const w of rest) canonical.set(w, head);
    }
    for (const line of ZH) {
      const [head, ...rest] = line.split(" ");
      for (const w of rest) canonical.set(w, head);
    }
    canonical.set("单点登录", "sso");
  }
  return canonical.get(token) ?? token;
}
