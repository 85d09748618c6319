import Link from "next/link";

export default function BotNotFound() {
  return (
    <div data-testid="bot-not-found">
      <h1 className="text-xl font-semibold">Bot not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is no such bot in this workspace.</p>
      <Link href="/bots" className="mt-4 inline-block text-sm text-indigo-600 hover:underline">Back to the bots</Link>
    </div>
  );
}
