"use client";

import { useTranslations } from "next-intl";
import { ConversationList } from "./conversation-list";
import { ConversationView } from "./conversation-view";
import { useInbox } from "./use-inbox";
import { VisitorPanel } from "./visitor-panel";

export function Inbox({ me }: { me: { id: string; name: string; admin?: boolean } }) {
  const t = useTranslations("inbox");
  const s = useInbox(me);
  const current = s.detail?.conversation.id === s.selected ? s.detail : null;

  return (
    <div className="flex h-[calc(100vh-3rem)] gap-4">
      <ConversationList
        connected={s.connected}
        filters={s.filters}
        changeFilters={s.changeFilters}
        conversations={s.conversations}
        counts={s.counts}
        labels={s.labels}
        selected={s.selected}
        open={s.open}
        presence={s.presence}
        setPresence={s.setPresence}
        team={s.team}
      />
      <section className="flex min-w-0 flex-1 flex-col rounded-lg border border-slate-200 bg-white">
        {!current ? (
          <div className="m-auto text-sm text-slate-500">{s.selected ? t("loading") : t("pick")}</div>
        ) : (
          <ConversationView
            me={me}
            conversation={current.conversation}
            messages={s.messages}
            drafts={s.drafts}
            visitorTyping={s.visitorTyping}
            team={s.team}
            canned={s.canned}
            error={s.error}
            request={s.request}
          />
        )}
      </section>
      {current && (
        <VisitorPanel
          visitor={current.visitor}
          past={current.past}
          open={s.open}
          admin={me.admin}
          onErased={() => window.location.reload()}
        />
      )}
    </div>
  );
}
