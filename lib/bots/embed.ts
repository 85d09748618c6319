import { envVar } from "../env";
/** The address customers' pages load Kefu from. server.ts sets NEXTAUTH_URL to http://localhost:PORT when KEFU_PUBLIC_URL is unset. */
export function publicUrl(): string {
  return (envVar("KEFU_PUBLIC_URL") ?? envVar("NEXTAUTH_URL") ?? "http://localhost:3000").replace(/\/+$/, "");
}

/** The tag a customer pastes into their site to show a bot's chat widget. */
export function embedSnippet(publicKey: string): string {
  return `<script src="${publicUrl()}/widget.js" data-kefu-key="${publicKey}" async></script>`;
}
