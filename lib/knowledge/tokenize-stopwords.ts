// Words that say nothing about what a question is about. Question words ("how", "when", "怎么", "多久") are stop
// words too: "how long does shipping take" and "shipping time" ask the same thing, and an FAQ title is full of them.

export const STOP_EN = new Set(
  (
    "a about above after again all am an and any are as at be been before being below between both but by can could " +
    "d did do does doing don down during each few for from further get got had has have having he her here hers " +
    "him his how i if in into is it its itself just ll m me might more most must my myself no nor not now of off on " +
    "once only or other our ours out over own please re s same shall she should so some such t than that the their " +
    "them then there these they this those through to too under until up us ve very want was we were what when where " +
    "which while who whom why will with would you your yours yourself hi hello thanks thank anyone someone " +
    "know tell let need i'm im"
  ).split(" "),
);

export const STOP_ZH = new Set(
  (
    "的 了 吗 呢 吧 啊 呀 哦 嘛 么 着 过 得 地 和 与 及 或 跟 同 把 被 让 给 向 从 在 于 对 为 以 是 有 没 没有 " +
    "我 你 您 他 她 它 我们 你们 他们 咱们 自己 这 那 这个 那个 这些 那些 这样 那样 这里 那里 哪 哪个 哪些 哪里 " +
    "什么 怎么 怎么办 怎么样 怎样 如何 为什么 为何 多少 多久 几 吗 呢 请问 请 问 一下 一个 一些 可以 能 能不能 " +
    "可不可以 会 会不会 要 想 需要 应该 还 也 都 就 又 再 才 很 太 更 最 已经 还是 但是 但 而且 如果 因为 所以 " +
    "然后 之后 以后 时候 现在 一直 谢谢 你好 您好 麻烦 帮 帮我 告诉 知道 上 下 里 中 个 吗？ 啦 哈 嗯 东西 问题 情况 事情"
  ).split(" "),
);
