import { Divider, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useCallback, useDeferredValue, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MqttMessage, PayloadView } from '../../../shared/ipc/contract';
import { droppedByLimit, type MessageLog, type MessageRefine } from '../../store/messages-slice';
import {
  selectConnection,
  selectMessageFilter,
  selectMessageLog,
  selectMessageRefine,
  selectPayloadFormat,
  selectProfile,
  selectSubscriptionColors,
} from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';
import { BottomDock } from '../../ui/bottom-dock';
import { SidePanelLayout } from '../../ui/side-panel-layout';
import { SUBSCRIPTIONS_PANEL } from '../../ui/side-panel-state';
import { exportFileName, messagesCsv, messagesJson, payloadFileName } from './message-export';
import { MessageList } from './message-list';
import { MessageToolbar } from './message-toolbar';
import { updateView, type MessageView } from './message-view';
import { payloadBytes } from './payload';
import { PublishForm } from './publish-form';
import { SubscribeForm } from './subscribe-form';
import { SubscriptionList } from './subscription-list';
import { topicMatches } from './topic-match';
import { formatNumber } from '../../i18n/format';

/** The keys that hide and show the subscriptions panel, as the tooltip names them. */
const PANEL_KEYS = 'Ctrl/Cmd+Shift+B';

const PAYLOAD_EXT: Record<PayloadView, string> = { text: 'txt', json: 'json', hex: 'bin', base64: 'bin', cbor: 'cbor', msgpack: 'msgpack' };

/**
 * The filtered list, brought up to date with what arrived since the last render (message-view.ts).
 * It follows the log and the query a step behind, in a render React may interrupt: during a
 * flood, or while a filter is typed over a long history, the list's rows are rendered in short
 * slices between frames and key presses instead of in one long task.
 */
function useListView(log: MessageLog | undefined, topic: string, refine: MessageRefine): MessageView | null {
  const query = useMemo(() => ({ topic, direction: refine.direction, search: refine.search }), [topic, refine.direction, refine.search]);
  const listLog = useDeferredValue(log);
  const listQuery = useDeferredValue(query);
  const viewRef = useRef<MessageView | null>(null);
  return useMemo(() => {
    if (!listLog) return null;
    const source = listLog.frozen
      ? ({ kind: 'frozen', messages: listLog.frozen } as const)
      : ({ kind: 'live', buffer: listLog.buffer } as const);
    viewRef.current = updateView(viewRef.current, source, listQuery);
    return viewRef.current;
    // The buffer mutates in place; the log object is replaced (with a new version) on every change.
  }, [listLog, listQuery]);
}

/** Subscriptions on the left, the message list in the middle, publishing at the bottom. */
export function MessagesPanel({ profileId, mqttVersion }: { profileId: string; mqttVersion: '3.1.1' | '5' }) {
  const conn = useAppStore(selectConnection(profileId));
  const profile = useAppStore(selectProfile(profileId));
  const log = useAppStore(selectMessageLog(profileId));
  const topic = useAppStore(selectMessageFilter(profileId));
  const refine = useAppStore(selectMessageRefine(profileId));
  const format = useAppStore(selectPayloadFormat);
  const colors = useAppStore(selectSubscriptionColors(profileId));
  const limit = useAppStore((s) => s.historyLimit);
  const { setMessageFilter, setMessageRefine, setPayloadFormat, setPaused, clearMessages, saveMessageFile, notify } = useActions();
  const { t } = useT('messages');
  // The publish dock takes at most a share of the pane's measured height.
  const { ref: paneRef, height: paneHeight } = useElementSize();
  const open = conn.state.status === 'open';

  const view = useListView(log, topic, refine);
  const shown = view?.items ?? [];
  const paused = log?.frozen != null;
  const arrived = log && log.frozen ? log.buffer.totalPushed - log.frozenPushed : 0;

  // A message's view: picked on its row, else its subscription's default, else the global one.
  const [picked, setPicked] = useState<ReadonlyMap<number, PayloadView>>(new Map());
  const subscriptionFormats = useMemo(
    () => conn.subscriptions.flatMap((s) => (s.format ? [[s.topic, s.format] as const] : [])),
    [conn.subscriptions],
  );
  const formatFor = useCallback(
    (m: MqttMessage): PayloadView =>
      picked.get(m.seq) ?? subscriptionFormats.find(([filter]) => topicMatches(filter, m.topic))?.[1] ?? format,
    [picked, subscriptionFormats, format],
  );
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const onExpand = useCallback(
    (seq: number, on: boolean) =>
      setExpanded((x) => {
        const next = new Set(x);
        if (on) next.add(seq);
        else next.delete(seq);
        return next;
      }),
    [],
  );
  const onFormat = useCallback((seq: number, v: PayloadView) => setPicked((p) => new Map(p).set(seq, v)), []);
  const onSave = useCallback(
    (m: MqttMessage, v: PayloadView) => {
      // Bytes that are not UTF-8 are not a text file, whatever the view.
      const fileName = payloadFileName(m, v === 'text' && m.encoding === 'base64' ? 'bin' : PAYLOAD_EXT[v]);
      saveMessageFile(fileName, payloadBytes(m), 'application/octet-stream');
      notify('green', m.truncated ? t('savedPayloadTruncated', { fileName, size: m.size }) : t('savedPayload', { fileName }));
    },
    [saveMessageFile, notify, t],
  );
  const name = profile?.name ?? profileId;
  const onExport = (kind: 'json' | 'csv') => {
    const fileName = exportFileName(name, kind, new Date());
    if (kind === 'json') saveMessageFile(fileName, messagesJson(shown), 'application/json');
    else saveMessageFile(fileName, messagesCsv(shown), 'text/csv');
    notify('green', t('exported', { count: shown.length, n: formatNumber(shown.length), fileName }));
  };

  // The forms do not depend on the messages: made once per change of their own inputs, so a
  // flood's renders skip them (the payload textarea measures itself on every render).
  const subscriptions = conn.subscriptions;
  const side = useCallback(
    (collapse: ReactNode) => (
      <Paper h="100%" p="sm" radius={0}>
        <ScrollArea h="100%" type="auto">
          <Stack gap="sm">
            <Group justify="space-between" wrap="nowrap">
              <Title order={3} fz="sm">
                {t('subscriptions')}
              </Title>
              {collapse}
            </Group>
            {open ? (
              <SubscribeForm profileId={profileId} used={subscriptions.length} mqttVersion={mqttVersion} />
            ) : (
              <Text fz="xs" c="dimmed">
                {t('connectToSubscribe')}
              </Text>
            )}
            <Divider />
            <SubscriptionList profileId={profileId} subscriptions={subscriptions} colors={colors} />
          </Stack>
        </ScrollArea>
      </Paper>
    ),
    [open, profileId, subscriptions, colors, mqttVersion, t],
  );
  const publish = useMemo(
    () => (
      <BottomDock id="publish" label={t('publish.form')} paneHeight={paneHeight}>
        {open ? (
          <PublishForm profileId={profileId} mqttVersion={mqttVersion} />
        ) : (
          <Text fz="xs" c="dimmed">
            {t('connectToPublish')}
          </Text>
        )}
      </BottomDock>
    ),
    [open, profileId, mqttVersion, t, paneHeight],
  );

  return (
    <SidePanelLayout
      spec={SUBSCRIPTIONS_PANEL}
      label={t('subscriptions')}
      hotkeys={['mod+shift+B', 'alt+shift+B']}
      hotkeyLabel={PANEL_KEYS}
      keep={380}
      testId="messages-panel"
      panel={side}
    >
      <Stack ref={paneRef} gap={0} h="100%" style={{ minWidth: 0 }}>
        <MessageToolbar
          topic={topic}
          refine={refine}
          format={format}
          paused={paused}
          arrived={arrived}
          shown={shown.length}
          kept={log?.frozen ? log.frozen.length : (log?.buffer.size ?? 0)}
          limit={limit}
          droppedByLimit={droppedByLimit(log)}
          droppedByHost={log?.droppedByHost ?? 0}
          onTopic={(t) => setMessageFilter(profileId, t)}
          onRefine={(patch: Partial<MessageRefine>) => setMessageRefine(profileId, patch)}
          onFormat={(f) => setPayloadFormat(f)}
          onPause={(p) => setPaused(profileId, p)}
          onClear={() => void clearMessages(profileId)}
          onExport={onExport}
        />
        <MessageList
          messages={shown}
          added={view?.added ?? 0}
          paused={paused}
          colors={colors}
          formatFor={formatFor}
          onFormat={onFormat}
          onSave={onSave}
          expanded={expanded}
          onExpand={onExpand}
        />
        {publish}
      </Stack>
    </SidePanelLayout>
  );
}
