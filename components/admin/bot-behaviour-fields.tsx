"use client";

import { useTranslations } from "next-intl";
import { inputClass } from "./api";

/** Answering, widget and handoff settings of a bot: the form fields and how they are read back. */
export type BotBehaviour = {
  confidenceThreshold: number;
  fastPath: boolean;
  fastPathThreshold: number;
  color: string;
  position: "right" | "left";
  avatarUrl: string | null;
  language: "auto" | "zh-CN" | "en";
  allowedOrigins: string[];
  preChatForm: boolean;
  handoffKeywords: string[];
  handoffAfterFailures: number;
  businessHours: { timezone: string; days: number[]; from: string; to: string } | null;
};

const lines = (v: string) =>
  v
    .split(/[\n,，]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function readBehaviour(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "");
  const hoursOn = form.get("hoursEnabled") === "on";
  return {
    confidenceThreshold: Number(text("confidenceThreshold")),
    fastPath: form.get("fastPath") === "on",
    fastPathThreshold: Number(text("fastPathThreshold")),
    color: text("color"),
    position: text("position"),
    avatarUrl: text("avatarUrl").trim() || null,
    language: text("language"),
    allowedOrigins: lines(text("allowedOrigins")),
    preChatForm: form.get("preChatForm") === "on",
    handoffKeywords: lines(text("handoffKeywords")),
    handoffAfterFailures: Number(text("handoffAfterFailures")),
    businessHours: hoursOn
      ? {
          timezone: text("hoursTimezone").trim(),
          days: form.getAll("hoursDays").map(Number),
          from: text("hoursFrom"),
          to: text("hoursTo"),
        }
      : null,
  };
}

const check = "h-4 w-4 accent-indigo-600";

export function BotBehaviourFields({ bot }: { bot: BotBehaviour }) {
  const t = useTranslations("bots.behaviour");
  const days = t.raw("days") as string[];
  const hours = bot.businessHours;
  return (
    <>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">{t("answering")}</legend>
        <label className="block text-sm">
          {t("confidence")}
          <input
            name="confidenceThreshold"
            type="number"
            step="0.05"
            min={0}
            max={1}
            defaultValue={bot.confidenceThreshold}
            data-testid="bot-confidence"
            className={inputClass}
          />
          <span className="text-xs text-slate-500">{t("confidenceHint")}</span>
        </label>
        <label className="flex items-center gap-2 self-center text-sm">
          <input
            name="fastPath"
            type="checkbox"
            defaultChecked={bot.fastPath}
            data-testid="bot-fast-path"
            className={check}
          />
          {t("fastPath")}
        </label>
        <label className="block text-sm">
          {t("fastPathThreshold")}
          <input
            name="fastPathThreshold"
            type="number"
            step="0.05"
            min={0}
            max={1}
            defaultValue={bot.fastPathThreshold}
            data-testid="bot-fast-path-threshold"
            className={inputClass}
          />
        </label>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">{t("widget")}</legend>
        <label className="block text-sm">
          {t("color")}
          <input
            name="color"
            type="color"
            defaultValue={bot.color}
            data-testid="bot-color"
            className="mt-1 block h-9 w-16 rounded border border-slate-300"
          />
        </label>
        <label className="block text-sm">
          {t("position")}
          <select name="position" defaultValue={bot.position} data-testid="bot-position" className={inputClass}>
            <option value="right">{t("bottomRight")}</option>
            <option value="left">{t("bottomLeft")}</option>
          </select>
        </label>
        <label className="block text-sm">
          {t("language")}
          <select name="language" defaultValue={bot.language} data-testid="bot-language" className={inputClass}>
            <option value="auto">{t("followBrowser")}</option>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <label className="block text-sm sm:col-span-2">
          {t("avatar")}
          <input
            name="avatarUrl"
            type="url"
            defaultValue={bot.avatarUrl ?? ""}
            placeholder="https://…/avatar.png"
            maxLength={500}
            data-testid="bot-avatar"
            className={inputClass}
          />
        </label>
        <label className="flex items-center gap-2 self-center text-sm">
          <input
            name="preChatForm"
            type="checkbox"
            defaultChecked={bot.preChatForm}
            data-testid="bot-prechat"
            className={check}
          />
          {t("preChat")}
        </label>
        <label className="block text-sm sm:col-span-3">
          {t("origins")}
          <span className="ml-2 text-xs text-slate-500">{t("originsHint")}</span>
          <textarea
            name="allowedOrigins"
            rows={2}
            defaultValue={bot.allowedOrigins.join("\n")}
            data-testid="bot-origins"
            className={inputClass}
          />
        </label>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">{t("handoff")}</legend>
        <label className="block text-sm sm:col-span-2">
          {t("keywords")}
          <span className="ml-2 text-xs text-slate-500">{t("keywordsHint")}</span>
          <textarea
            name="handoffKeywords"
            rows={2}
            defaultValue={bot.handoffKeywords.join(", ")}
            data-testid="bot-handoff-keywords"
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          {t("failures")}
          <input
            name="handoffAfterFailures"
            type="number"
            min={0}
            max={20}
            step={1}
            defaultValue={bot.handoffAfterFailures}
            data-testid="bot-handoff-failures"
            className={inputClass}
          />
        </label>
        <div className="space-y-2 text-sm sm:col-span-3">
          <label className="flex items-center gap-2">
            <input
              name="hoursEnabled"
              type="checkbox"
              defaultChecked={Boolean(hours)}
              data-testid="bot-hours-enabled"
              className={check}
            />
            {t("hours")}
          </label>
          <div className="flex flex-wrap items-center gap-3">
            {days.map((d, i) => (
              <label key={d} className="flex items-center gap-1">
                <input
                  name="hoursDays"
                  type="checkbox"
                  value={i}
                  defaultChecked={hours ? hours.days.includes(i) : i >= 1 && i <= 5}
                  className={check}
                />
                {d}
              </label>
            ))}
            <input
              name="hoursFrom"
              type="time"
              defaultValue={hours?.from ?? "09:00"}
              data-testid="bot-hours-from"
              className="rounded border border-slate-300 px-2 py-1"
            />
            –
            <input
              name="hoursTo"
              type="time"
              defaultValue={hours?.to ?? "18:00"}
              data-testid="bot-hours-to"
              className="rounded border border-slate-300 px-2 py-1"
            />
            <input
              name="hoursTimezone"
              defaultValue={hours?.timezone ?? "Asia/Shanghai"}
              placeholder="Asia/Shanghai"
              data-testid="bot-hours-tz"
              className="w-40 rounded border border-slate-300 px-2 py-1"
            />
          </div>
        </div>
      </fieldset>
    </>
  );
}
