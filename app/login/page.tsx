import { LoginForm } from "@/components/login-form";

export const metadata = { title: "Sign in · Kefu" };

export default function LoginPage() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Kefu</h1>
        <p className="mb-6 text-sm text-slate-500">Sign in to your inbox and admin</p>
        <LoginForm />
      </div>
    </main>
  );
}
