import { ActionIcon, Badge, Button, Group, Popover, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PublishHistoryItem } from '../../../shared/ipc/contract';
import { useActions, useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';
import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const tm = i18n.getFixedT(null, ['messages', 'common']);

const EMPTY: readonly PublishHistoryItem[] = [];

/** A short, one-line view of a history entry's payload. */
function preview(e: PublishHistoryItem): string {
  if (e.encoding === 'base64') return tm('messages:history.bytes', { n: Math.floor((e.payload.length * 3) / 4) });
  const flat = e.payload.replace(/\s+/g, ' ');
  return flat === '' ? tm('messages:history.empty') : flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

/**
 * The profile's publish history (kept by the host across reloads): send one again in one click
 * or key press, put it back into the form, or forget it.
 */
export function PublishHistoryButton({ profileId, onUse }: { profileId: string; onUse: (e: PublishHistoryItem) => void }) {
  const entries = useAppStore((s) => s.publishHistory[profileId] ?? EMPTY);
  const { loadPublishHistory, publish, forgetPublish, notify } = useActions();
  const { t } = useT('messages');
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void loadPublishHistory(profileId);
  }, [profileId, loadPublishHistory]);

  const resend = async (e: PublishHistoryItem) => {
    const { topic, payload, encoding, qos, retain, properties } = e;
    const r = await publish(profileId, { topic, payload, encoding, qos, retain, ...(properties ? { properties } : {}) });
    if (!r.ok) notify('red', t('publish.failed', { message: r.error.message }));
    else if (r.value.code !== null && r.value.code >= 0x80)
      notify('yellow', t('history.answered', { code: r.value.codeName ?? r.value.code }));
  };

  return (
    <Popover opened={open} onChange={setOpen} position="top-end" width={420} trapFocus withinPortal shadow="md">
      <Popover.Target>
        <Button size="xs" variant="default" onClick={() => setOpen((x) => !x)} aria-expanded={open} data-testid="publish-history-button">
          {entries.length ? t('history.buttonCount', { n: entries.length }) : t('history.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        {entries.length === 0 ? (
          <Text fz="xs" c="dimmed">
            {t('history.none')}
          </Text>
        ) : (
          <Stack gap={4}>
            <Group justify="space-between">
              <Text fz="xs" c="dimmed">
                {t('history.kept')}
              </Text>
              <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void forgetPublish(profileId)}>
                {t('history.forgetAll')}
              </Button>
            </Group>
            <ScrollArea.Autosize mah={320} type="auto">
              <Stack gap={2} role="list" aria-label={t('history.list')} data-testid="publish-history">
                {entries.map((e, i) => (
                  <Group key={e.id} role="listitem" gap={6} wrap="nowrap" p={4} data-testid="publish-history-entry">
                    <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                      <Group gap={4} wrap="nowrap">
                        <Text fz="sm" fw={500} truncate="end" data-testid="publish-history-topic">
                          {e.topic}
                        </Text>
                        <Badge size="xs" variant="light" color="gray">
                          QoS {e.qos}
                        </Badge>
                        {e.retain && (
                          <Badge size="xs" variant="light" color="gray">
                            {t('history.retain')}
                          </Badge>
                        )}
                        {e.count > 1 && (
                          <Badge size="xs" variant="outline" color="gray" title={t('history.times')}>
                            ×{e.count}
                          </Badge>
                        )}
                      </Group>
                      <Text fz="xs" c="dimmed" ff="monospace" truncate="end">
                        {preview(e)}
                      </Text>
                    </Stack>
                    <Button
                      size="compact-xs"
                      onClick={() => void resend(e)}
                      aria-label={t('history.sendAgainTo', { topic: e.topic })}
                      // The popover's focus lands here, not on "Forget all": Enter sends the newest again.
                      data-autofocus={i === 0 ? true : undefined}
                    >
                      {t('history.sendAgain')}
                    </Button>
                    <Tooltip label={t('history.intoForm')}>
                      <Button
                        size="compact-xs"
                        variant="default"
                        aria-label={t('history.editIn', { topic: e.topic })}
                        onClick={() => {
                          onUse(e);
                          setOpen(false);
                        }}
                      >
                        {t('history.edit')}
                      </Button>
                    </Tooltip>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="gray"
                      aria-label={t('history.forget', { topic: e.topic })}
                      onClick={() => void forgetPublish(profileId, e.id)}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
