// Types of scripts/server-launch.mjs for the TypeScript that imports it (bench/chat-procs.ts).
export const SERVER_BUNDLE: string;
export function bundleServer(root?: string): Promise<string>;
export function serverNodeFlags(): string[];
export function serverEnv(root?: string): Record<string, string>;
