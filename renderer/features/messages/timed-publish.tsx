import { Badge, Button, Group, NumberInput, Popover, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { MAX_REPEAT_INTERVAL_MS, MIN_REPEAT_INTERVAL_MS } from '../../../shared/profile/publish-history';
import type { PublishInput } from '../../store/connections-slice';
import { useActions, useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** Timed publishing: the form's publish every N ms, a number of times or until stopped. */
export function TimedPublishButton({ profileId, build }: { profileId: string; build: () => PublishInput | null }) {
  const { startRepeat, notify } = useActions();
  const { t } = useT('messages');
  const [open, setOpen] = useState(false);
  const [interval, setIntervalMs] = useState<number | string>(1000);
  const [count, setCount] = useState<number | string>(10);
  const intervalError =
    interval === '' || Number(interval) < MIN_REPEAT_INTERVAL_MS || Number(interval) > MAX_REPEAT_INTERVAL_MS
      ? t('timed.intervalRange', { min: MIN_REPEAT_INTERVAL_MS, max: MAX_REPEAT_INTERVAL_MS })
      : undefined;
  const countError = count !== '' && (!Number.isInteger(Number(count)) || Number(count) < 1) ? t('timed.countMin') : undefined;

  const start = async () => {
    if (intervalError || countError) return;
    const input = build();
    if (!input) {
      setOpen(false);
      return;
    }
    const r = await startRepeat(profileId, input, Number(interval), count === '' ? null : Number(count));
    if (!r.ok) return notify('red', t('timed.notStarted', { message: r.error.message }));
    setOpen(false);
  };

  return (
    <Popover opened={open} onChange={setOpen} position="top-end" width={260} trapFocus withinPortal shadow="md">
      <Popover.Target>
        <Button size="xs" variant="default" onClick={() => setOpen((x) => !x)} aria-expanded={open} data-testid="timed-publish-button">
          {t('timed.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <form
          aria-label={t('timed.form')}
          onSubmit={(e) => {
            e.preventDefault();
            // React passes events up through the portal to the publish form around it: that one must not publish too.
            e.stopPropagation();
            void start();
          }}
        >
          <Stack gap={6}>
            <Text fz="xs" c="dimmed">
              {t('timed.intro')}
            </Text>
            <NumberInput
              size="xs"
              label={t('timed.every')}
              min={MIN_REPEAT_INTERVAL_MS}
              max={MAX_REPEAT_INTERVAL_MS}
              step={100}
              allowDecimal={false}
              value={interval}
              onChange={setIntervalMs}
              error={intervalError}
            />
            <NumberInput
              size="xs"
              label={t('timed.times')}
              placeholder={t('timed.untilStopped')}
              min={1}
              allowDecimal={false}
              value={count}
              onChange={setCount}
              error={countError}
            />
            <Button size="xs" type="submit" data-testid="timed-publish-start">
              {t('timed.start')}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The profile's timed publishes while they run (with Stop), and how the last one ended. */
export function RunningRepeats({ profileId }: { profileId: string }) {
  const repeats = useAppStore((s) => s.repeats);
  const { stopRepeat, notify } = useActions();
  const { t } = useT('messages');
  const mine = useMemo(() => Object.values(repeats).filter((r) => r.profileId === profileId), [repeats, profileId]);
  const running = mine.filter((r) => r.state === 'running');
  const last = mine.filter((r) => r.state !== 'running').at(-1);
  if (running.length === 0 && !last) return null;
  return (
    <Stack gap={4} data-testid="timed-publishes" aria-live="polite">
      {running.map((r) => (
        <Group key={r.id} gap="xs" wrap="nowrap" data-testid="timed-publish-running">
          <Badge color="blue" variant="light" className="keyhole-pulse">
            {t('timed.running')}
          </Badge>
          <Text fz="xs" truncate="end" style={{ flex: 1, minWidth: 0 }}>
            {r.count !== null
              ? t('timed.progressOf', { topic: r.topic, ms: r.intervalMs, sent: r.sent, count: r.count })
              : t('timed.progress', { topic: r.topic, ms: r.intervalMs, sent: r.sent })}
          </Text>
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            onClick={() => void stopRepeat(r.id).then((x) => !x.ok && notify('red', t('timed.stopFailed', { message: x.error.message })))}
            aria-label={t('timed.stopTo', { topic: r.topic })}
          >
            {t('timed.stop')}
          </Button>
        </Group>
      ))}
      {running.length === 0 && last && (
        <Text fz="xs" c="dimmed" data-testid="timed-publish-ended">
          {last.error
            ? t('timed.endedError', {
                topic: last.topic,
                sent: last.sent,
                how: t(`timed.how.${last.state as Exclude<typeof last.state, 'running'>}`),
                error: last.error,
              })
            : t('timed.ended', {
                topic: last.topic,
                sent: last.sent,
                how: t(`timed.how.${last.state as Exclude<typeof last.state, 'running'>}`),
              })}
        </Text>
      )}
    </Stack>
  );
}
