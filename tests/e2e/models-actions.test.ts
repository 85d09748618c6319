// The Models page in Chromium, clicking: a Kefu server of this test's own with its own models folder and a catalog
// whose model comes from a local HTTP server (slowed down, so the progress is seen moving). Download with live
// progress, a file copied in by hand, a link out of the folder refused, Load, Set default, Set light, a crash of the
// inference process shown with its restart, Unload, Remove.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { disconnectDb } from "../../lib/db/client";
import { launchBrowser } from "../helpers/browser";
import { testEnv } from "../helpers/env";
import { startKefu, type KefuProcess } from "../helpers/server-process";

const model = fs.readFileSync(testEnv.model);
const CHUNK = 64 * 1024;

/** Serves the tiny model in 64 KB pieces every 150 ms (≈ 3 s in all), honouring Range. */
function slowModelServer() {
  return http.createServer((req, res) => {
    if (req.url !== "/tiny-chat.gguf") return res.writeHead(404).end();
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const from = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, {
      "content-length": model.length - from,
      ...(m ? { "content-range": `bytes ${from}-${model.length - 1}/${model.length}` } : {}),
    });
    let at = from;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      const end = Math.min(at + CHUNK, model.length);
      res.write(model.subarray(at, end));
      at = end;
      if (at >= model.length) {
        clearInterval(timer);
        res.end();
      }
    }, 150);
    req.on("close", () => clearInterval(timer));
  });
}

function workerPidOf(serverPid: number): number {
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--kefu-worker=")) continue;
      if (fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1] === String(serverPid))
        return Number(pid);
    } catch {}
  }
  throw new Error("the server's inference process was not found");
}

describe("Models page actions in Chromium", () => {
  let files: http.Server;
  let kefu: KefuProcess;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const outside = path.join(os.tmpdir(), `kefu-outside-${crypto.randomBytes(4).toString("hex")}.gguf`);

  const row = (file: string) => page.locator(`[data-testid="model-row"][data-file="${file}"]`);
  const api = (body: unknown) =>
    page.evaluate(async (b) => {
      const res = await fetch("/api/admin/models", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(b),
      });
      return { status: res.status, json: await res.json() };
    }, body);

  before(async () => {
    files = slowModelServer();
    await new Promise<void>((r) => files.listen(0, "127.0.0.1", r));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-models-page-"));
    fs.writeFileSync(
      path.join(dir, "catalog.json"),
      JSON.stringify({
        version: 1,
        default: "tiny-chat",
        models: [
          {
            id: "tiny-chat",
            name: "Tiny chat (served locally)",
            source: `http://127.0.0.1:${(files.address() as AddressInfo).port}/tiny-chat.gguf`,
            file: "tiny-chat.gguf",
            size: model.length,
            sha256: crypto.createHash("sha256").update(model).digest("hex"),
            quantisation: "F32",
            role: "chat",
            class: "light",
            contextSize: 2048,
            license: "MIT",
          },
        ],
      }),
    );
    fs.writeFileSync(outside, model);
    fs.symlinkSync(outside, path.join(dir, "escape.gguf"));
    // the server starts on the tiny model from outside the folder (KEFU_MODEL_PATH), so no row is "loaded" yet
    kefu = await startKefu({ model: true, env: { KEFU_MODELS_DIR: dir } });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${kefu.url}/login`);
    // an admin of the server's own workspace: only they change the models every workspace shares
    await page.getByTestId("login-email").fill(testEnv.adminEmail);
    await page.getByTestId("login-password").fill(testEnv.adminPassword);
    await page.getByTestId("login-submit").click();
    await page.waitForURL(/\/inbox/);
    await page.goto(`${kefu.url}/models`);
    await page.getByTestId("models-list").waitFor();
  });

  after(async () => {
    await browser?.close();
    await kefu?.stop();
    await new Promise<void>((r) => (files ? files.close(() => r()) : r()));
    fs.rmSync(outside, { force: true });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await disconnectDb();
  });

  test("Download shows its progress live, checks the file and offers Load", async () => {
    await row("tiny-chat.gguf").getByTestId("model-download").click();
    const progress = row("tiny-chat.gguf").getByTestId("model-progress");
    await progress.waitFor();
    const seen = new Set<number>();
    while ((await progress.count()) > 0) {
      const pct = /(\d+)%/.exec((await progress.textContent().catch(() => "")) ?? "")?.[1];
      if (pct) seen.add(Number(pct));
      await page.waitForTimeout(100);
    }
    assert.ok(
      [...seen].some((p) => p > 0 && p < 100),
      `progress seen: ${[...seen].join(", ")}`,
    );
    assert.ok(seen.size >= 2, `the bar moved: ${[...seen].join(", ")}`);
    await row("tiny-chat.gguf").getByTestId("model-load").waitFor();
    assert.ok(fs.readFileSync(path.join(dir, "tiny-chat.gguf")).equals(model));
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.includes(".partial")),
      [],
    );
  });

  test("a file copied into the folder shows up; a link out of the folder is listed as refused and cannot be used", async () => {
    fs.copyFileSync(testEnv.model, path.join(dir, "by-hand.gguf"));
    await row("by-hand.gguf").getByTestId("model-hand-placed").waitFor({ timeout: 12_000 });
    assert.equal(await row("by-hand.gguf").getByTestId("model-load").count(), 1);

    const escape = row("escape.gguf");
    await escape.waitFor();
    assert.match((await escape.textContent()) ?? "", /link to a file outside the models folder/);
    assert.equal(await escape.locator("button").count(), 0, "no Load, Set or Remove for it");
    for (const body of [
      { action: "load", file: "escape.gguf" },
      { action: "use", file: "escape.gguf", as: "chat" },
      { action: "load", file: `../${path.basename(outside)}` },
      { action: "remove", file: outside },
    ]) {
      const res = await api(body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.ok(fs.existsSync(outside), "the file outside is untouched");
  });

  test("Load swaps the running model; Set default and Set light are marked and saved", async () => {
    await row("tiny-chat.gguf").getByTestId("model-load").click();
    await page.locator('[data-testid="loaded-model-id"]:text-is("tiny-chat")').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="loaded-model-status"]:text-is("ready")').waitFor({ timeout: 30_000 });
    await row("tiny-chat.gguf").getByTestId("model-loaded").waitFor();
    assert.match((await page.getByTestId("loaded-model-memory").textContent()) ?? "", /1\.\d MB/);
    await page.getByTestId("speed-test").click();
    const speed = (await page.getByTestId("speed-test-result").textContent({ timeout: 30_000 })) ?? "";
    assert.match(
      speed,
      /first token after \d+ ms · [\d.]+ tokens\/s \(\d+ tokens after a \d+-token prompt, tiny-chat\)/,
    );

    await row("tiny-chat.gguf").getByTestId("model-set-default").click();
    await row("tiny-chat.gguf").getByTestId("model-default").waitFor();
    await row("by-hand.gguf").getByTestId("model-set-light").click();
    await row("by-hand.gguf").getByTestId("model-light").waitFor();
    assert.equal(await page.getByTestId("global-light").textContent(), "by-hand.gguf");
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "settings.json"), "utf8")), {
      chat: "tiny-chat.gguf",
      light: "by-hand.gguf",
    });
    // neither the default, nor the light, nor the loaded model can be removed
    assert.equal(await row("tiny-chat.gguf").getByTestId("model-remove").count(), 0);
    assert.equal(await row("by-hand.gguf").getByTestId("model-remove").count(), 0);
  });

  test("the inference process killed: the page shows the restart and the model ready again", async () => {
    process.kill(workerPidOf(kefu.child.pid!), "SIGKILL");
    await page.getByTestId("loaded-model-restarts").waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId("loaded-model-restarts").textContent()) ?? "", /restarted 1×/);
    await page.locator('[data-testid="loaded-model-status"]:text-is("ready")').waitFor({ timeout: 30_000 });
    const metrics = await (await fetch(`${kefu.url}/metrics`)).text();
    assert.match(metrics, /kefu_engine_crashes_total 1/);
  });

  test("Unload stops the model; Clear and Remove delete a file that is no longer in use", async () => {
    await page.getByTestId("model-unload").click();
    await page.locator('[data-testid="loaded-model-status"]:text-is("none")').waitFor({ timeout: 15_000 });
    assert.equal(await row("tiny-chat.gguf").getByTestId("model-loaded").count(), 0);

    await page.getByTestId("light-clear").click();
    await row("by-hand.gguf").getByTestId("model-remove").click();
    await row("by-hand.gguf").getByTestId("model-remove-confirm").click();
    await row("by-hand.gguf").waitFor({ state: "detached" });
    assert.equal(fs.existsSync(path.join(dir, "by-hand.gguf")), false);
  });
});
