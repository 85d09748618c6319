// Synthetic support entries for the latency bench: product × topic templates in English and Chinese, so the index has
// the vocabulary and posting-list lengths of a real catalogue-sized knowledge base, not random strings.
const PRODUCTS_EN = [
  "wireless earbuds",
  "running shoes",
  "coffee maker",
  "yoga mat",
  "smart watch",
  "desk lamp",
  "backpack",
  "air purifier",
  "electric toothbrush",
  "phone case",
  "rice cooker",
  "winter jacket",
  "office chair",
  "bluetooth speaker",
  "water bottle",
  "robot vacuum",
  "gaming mouse",
  "baby stroller",
  "camping tent",
  "hair dryer",
];
const MODELS = ["Lite", "Pro", "Max", "Mini", "Plus", "2024", "X", "S", "Air", "Ultra"];
const TOPICS_EN: [string, string][] = [
  [
    "How do I clean the {p}?",
    "Wipe the {p} with a damp cloth; do not put it in the dishwasher. Dry it fully before use.",
  ],
  [
    "What is the warranty on the {p}?",
    "The {p} has a {n}-month warranty against manufacturing defects from the delivery date.",
  ],
  ["Is the {p} waterproof?", "The {p} is splash resistant (IPX{n}) but must not be submerged."],
  ["How do I reset the {p}?", "Hold the power button of the {p} for {n} seconds until the light blinks twice."],
  ["What comes in the box with the {p}?", "The {p} ships with a USB-C cable, a quick start guide and {n} spare parts."],
  [
    "Why won't my {p} charge?",
    "Try another cable and adapter; if the {p} still does not charge after {n} hours, contact support.",
  ],
  ["What are the dimensions of the {p}?", "The {p} measures {n}0 × {n}5 × 12 cm and weighs {n}00 g."],
  ["Can I buy spare parts for the {p}?", "Spare parts for the {p} are sold in the accessories section, from ${n}.99."],
];
const PRODUCTS_ZH = [
  "无线耳机",
  "跑步鞋",
  "咖啡机",
  "瑜伽垫",
  "智能手表",
  "台灯",
  "双肩包",
  "空气净化器",
  "电动牙刷",
  "手机壳",
  "电饭煲",
  "羽绒服",
  "办公椅",
  "蓝牙音箱",
  "保温杯",
  "扫地机器人",
  "游戏鼠标",
  "婴儿推车",
  "帐篷",
  "吹风机",
];
const TOPICS_ZH: [string, string][] = [
  ["{p}怎么清洗？", "{p}请用湿布擦拭，不要放入洗碗机，完全晾干后再使用。"],
  ["{p}保修多久？", "{p}自签收之日起保修 {n} 个月，人为损坏不在保修范围内。"],
  ["{p}防水吗？", "{p}达到 IPX{n} 防溅水等级，请勿浸泡在水中。"],
  ["{p}怎么恢复出厂设置？", "长按{p}电源键 {n} 秒，指示灯闪烁两次即完成重置。"],
  ["{p}包装里有什么？", "{p}随附 USB-C 数据线、说明书和 {n} 个备用配件。"],
  ["{p}充不进电怎么办？", "请更换数据线和充电头；充电 {n} 小时后仍无反应请联系客服。"],
  ["{p}的尺寸是多少？", "{p}尺寸为 {n}0 × {n}5 × 12 厘米，重量 {n}00 克。"],
  ["{p}的配件在哪里买？", "{p}的配件在“配件专区”购买，{n}9 元起。"],
];

export function synthesise(count: number) {
  const out: { id: string; lang: "en" | "zh"; title: string; content: string; tags: string[]; questions: string[] }[] =
    [];
  for (let i = 0; out.length < count; i++) {
    const zh = i % 2 === 1;
    const products = zh ? PRODUCTS_ZH : PRODUCTS_EN;
    const topics = zh ? TOPICS_ZH : TOPICS_EN;
    const j = Math.floor(i / 2);
    const p =
      `${products[j % products.length]} ${MODELS[Math.floor(j / products.length) % MODELS.length]}${Math.floor(j / (products.length * MODELS.length)) || ""}`.trim();
    const [title, content] = topics[Math.floor(j / 7) % topics.length];
    const n = String((j % 9) + 1);
    const fill = (s: string) => s.replaceAll("{p}", p).replaceAll("{n}", n);
    out.push({
      id: `synth-${i}`,
      lang: zh ? "zh" : "en",
      title: fill(title),
      content: fill(content),
      tags: ["product"],
      questions: [],
    });
  }
  return out;
}
