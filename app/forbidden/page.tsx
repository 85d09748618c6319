import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="p-10">
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-slate-600">Your role does not give access to this page.</p>
      <Link href="/inbox" className="mt-4 inline-block text-indigo-600">Back to the inbox</Link>
    </main>
  );
}
