import type { Page } from "playwright-core";

/** Page object: the customer page's launcher and the chat inside the widget's iframe. */
export class WidgetPage {
  constructor(readonly page: Page) {}
  launcher = () => this.page.getByTestId("kefu-launcher");
  panel = () => this.page.getByTestId("kefu-panel");
  chat = () => this.page.frameLocator('iframe[title="Kefu chat"]');
  input = () => this.chat().getByTestId("kefu-input");
  /** Messages, optionally of one role, with extra CSS conditions such as "[data-id]" */
  messages = (role?: string, extra = "") =>
    this.chat().locator(`[data-testid="kefu-message"]${role ? `[data-role="${role}"]` : ""}${extra}`);
  /** Stored messages only (streamed text has no id yet) */
  stored = (role: string) => this.messages(role, "[data-id]");

  async open() {
    await this.launcher().click();
    await this.chat().getByTestId("kefu-greeting").waitFor();
  }
  /** Types and presses Enter. */
  async send(text: string) {
    await this.input().fill(text);
    await this.input().press("Enter");
  }
  /** Types and clicks the send button. */
  async sendByButton(text: string) {
    await this.input().fill(text);
    await this.chat().getByTestId("kefu-send").click();
  }
}
