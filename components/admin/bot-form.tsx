"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, callApi, inputClass, labelFields } from "./api";
import { BotBehaviourFields, readBehaviour, type BotBehaviour } from "./bot-behaviour-fields";
import { BEHAVIOUR_FIELDS } from "@/lib/bots/behaviour";

type BotFields = BotBehaviour & {
  id: string;
  name: string;
  greeting: string;
  instructions: string;
  temperature: number;
  maxTokens: number;
  modelId: string | null;
  abModelId?: string | null;
  abShare?: number;
  lightModelId?: string | null;
  loraFile?: string | null;
  knowledgeBaseIds: string[];
};

export function BotForm({
  bot,
  knowledgeBases,
}: {
  bot: BotFields;
  knowledgeBases: { id: string; name: string; entries: number }[];
}) {
  const t = useTranslations("bots");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState("");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    setBusy(true);
    setSaved(false);
    setError("");
    const res = await callApi("PUT", `/api/admin/bots/${encodeURIComponent(bot.id)}`, {
      name: text("name"),
      greeting: text("greeting"),
      instructions: text("instructions"),
      temperature: Number(text("temperature")),
      maxTokens: Number(text("maxTokens")),
      modelId: text("modelId").trim() || null,
      abModelId: text("abModelId").trim() || null,
      abShare: Number(text("abShare") || 0),
      lightModelId: text("lightModelId").trim() || null,
      loraFile: text("loraFile").trim() || null,
      knowledgeBaseIds: form.getAll("knowledgeBaseIds").map(String),
      ...readBehaviour(form),
    });
    setBusy(false);
    if (!res.ok)
      return setError(labelFields(res.message, Object.fromEntries(BEHAVIOUR_FIELDS.map((f) => [f, t(`fields.${f}`)]))));
    setSaved(true);
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      onChange={() => setSaved(false)}
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-5"
    >
      <label className="block text-sm font-medium">
        {t("form.name")}
        <input
          name="name"
          defaultValue={bot.name}
          required
          maxLength={80}
          data-testid="bot-name"
          className={inputClass}
        />
      </label>
      <label className="block text-sm font-medium">
        {t("form.greeting")}
        <span className="ml-2 font-normal text-slate-500">{t("form.greetingHint")}</span>
        <textarea
          name="greeting"
          defaultValue={bot.greeting}
          rows={2}
          maxLength={500}
          data-testid="bot-greeting"
          className={inputClass}
        />
      </label>
      <label className="block text-sm font-medium">
        {t("form.instructions")}
        <span className="ml-2 font-normal text-slate-500">{t("form.instructionsHint")}</span>
        <textarea
          name="instructions"
          defaultValue={bot.instructions}
          rows={5}
          maxLength={4000}
          data-testid="bot-instructions"
          className={inputClass}
        />
      </label>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">{t("form.modelSettings")}</legend>
        <label className="block text-sm">
          {t("form.temperature")}
          <input
            name="temperature"
            type="number"
            step="0.05"
            min={0}
            max={2}
            required
            defaultValue={bot.temperature}
            data-testid="bot-temperature"
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          {t("form.maxTokens")}
          <input
            name="maxTokens"
            type="number"
            step={1}
            min={16}
            max={2048}
            required
            defaultValue={bot.maxTokens}
            data-testid="bot-max-tokens"
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          {t("form.modelFile")}
          <input
            name="modelId"
            defaultValue={bot.modelId ?? ""}
            placeholder={t("form.placeholderDefault")}
            maxLength={200}
            data-testid="bot-model"
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          {t("form.abModelFile")}
          <input
            name="abModelId"
            defaultValue={bot.abModelId ?? ""}
            placeholder={t("form.placeholderNone")}
            maxLength={200}
            data-testid="bot-ab-model"
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          {t("form.abShare")}
          <input
            name="abShare"
            type="number"
            step={1}
            min={0}
            max={100}
            defaultValue={bot.abShare ?? 0}
            data-testid="bot-ab-share"
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          {t("form.lightModelFile")}
          <input
            name="lightModelId"
            defaultValue={bot.lightModelId ?? ""}
            placeholder={t("form.placeholderNone")}
            maxLength={200}
            data-testid="bot-light-model"
            className={inputClass}
          />
        </label>
        <label className="block text-sm">
          {t("form.loraFile")}
          <input
            name="loraFile"
            defaultValue={bot.loraFile ?? ""}
            placeholder={t("form.placeholderNone")}
            maxLength={200}
            data-testid="bot-lora"
            className={inputClass}
          />
        </label>
        <p className="self-end text-xs text-slate-500 sm:col-span-3">{t("form.filesHint")}</p>
      </fieldset>
      <BotBehaviourFields bot={bot} />
      <fieldset>
        <legend className="text-sm font-medium">{t("form.knowledgeBases")}</legend>
        {knowledgeBases.length === 0 && <p className="mt-1 text-sm text-slate-500">{t("form.noKnowledgeBases")}</p>}
        <div className="mt-2 space-y-1">
          {knowledgeBases.map((kb) => (
            <label key={kb.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="knowledgeBaseIds"
                value={kb.id}
                defaultChecked={bot.knowledgeBaseIds.includes(kb.id)}
                data-testid={`bot-kb-${kb.id}`}
                className="h-4 w-4 accent-indigo-600"
              />
              {kb.name} <span className="text-slate-500">({t("form.entries", { count: kb.entries })})</span>
            </label>
          ))}
        </div>
      </fieldset>
      {error && (
        <p
          role="alert"
          data-testid="bot-error"
          className="whitespace-pre-line rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {error}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={busy} data-testid="bot-save" className={buttonClass}>
          {busy ? t("form.saving") : t("form.save")}
        </button>
        {saved && (
          <span data-testid="bot-saved" className="text-sm text-green-700">
            {t("form.saved")}
          </span>
        )}
      </div>
    </form>
  );
}
