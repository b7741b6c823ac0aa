import { Button, Group, Menu, NativeSelect, SegmentedControl, TextInput, Tooltip } from '@mantine/core';
import type { PayloadView } from '../../../shared/ipc/contract';
import type { MessageRefine } from '../../store/messages-slice';
import { payloadViews } from './payload';
import { formatNumber as fmt } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/**
 * The bar above the message list: filters (topic, direction, payload text), the default payload
 * view, pause, clear, export, and how many messages are shown, kept and dropped.
 */
export function MessageToolbar(props: {
  topic: string;
  refine: MessageRefine;
  format: PayloadView;
  paused: boolean;
  /** Messages that arrived while paused. */
  arrived: number;
  shown: number;
  kept: number;
  limit: number;
  droppedByLimit: number;
  droppedByHost: number;
  onTopic: (topic: string) => void;
  onRefine: (patch: Partial<MessageRefine>) => void;
  onFormat: (format: PayloadView) => void;
  onPause: (paused: boolean) => void;
  onClear: () => void;
  onExport: (kind: 'json' | 'csv') => void;
}) {
  const { t } = useT('messages');
  const { refine, paused } = props;
  return (
    // In a narrow pane the toolbar wraps: every control stays in the window, none is scrolled away.
    <Group
      gap="xs"
      p="xs"
      wrap="wrap"
      data-testid="message-toolbar"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}
    >
      <TextInput
        size="xs"
        placeholder={t('toolbar.topicPlaceholder')}
        aria-label={t('toolbar.topicLabel')}
        value={props.topic}
        onChange={(e) => props.onTopic(e.currentTarget.value)}
        style={{ flex: '1 0 150px', minWidth: 150 }}
      />
      <TextInput
        size="xs"
        placeholder={t('toolbar.searchPlaceholder')}
        aria-label={t('toolbar.searchLabel')}
        value={refine.search}
        onChange={(e) => props.onRefine({ search: e.currentTarget.value })}
        style={{ flex: '1 0 150px', minWidth: 150 }}
      />
      <SegmentedControl
        size="xs"
        aria-label={t('toolbar.direction')}
        data-testid="direction-filter"
        style={{ flexShrink: 0 }}
        data={[
          { value: 'all', label: t('toolbar.all') },
          { value: 'in', label: t('toolbar.received') },
          { value: 'out', label: t('toolbar.published') },
        ]}
        value={refine.direction}
        onChange={(v) => props.onRefine({ direction: v as MessageRefine['direction'] })}
      />
      <NativeSelect
        size="xs"
        aria-label={t('toolbar.view')}
        data-testid="payload-notation"
        data={payloadViews() as { value: string; label: string }[]}
        value={props.format}
        onChange={(e) => props.onFormat(e.currentTarget.value as PayloadView)}
        style={{ width: 120, flexShrink: 0 }}
      />
      <Button
        size="xs"
        variant={paused ? 'filled' : 'default'}
        color={paused ? 'yellow' : undefined}
        onClick={() => props.onPause(!paused)}
        aria-pressed={paused}
        data-testid="pause"
        style={{ flexShrink: 0 }}
      >
        {paused ? t('toolbar.paused', { n: fmt(props.arrived) }) : t('toolbar.pause')}
      </Button>
      <Button size="xs" variant="default" onClick={props.onClear} style={{ flexShrink: 0 }}>
        {t('toolbar.clear')}
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" disabled={props.shown === 0} style={{ flexShrink: 0 }}>
            {t('toolbar.export')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('toolbar.exportShown', { n: fmt(props.shown) })}</Menu.Label>
          <Menu.Item onClick={() => props.onExport('json')}>{t('toolbar.asJson')}</Menu.Item>
          <Menu.Item onClick={() => props.onExport('csv')}>{t('toolbar.asCsv')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Tooltip label={t('toolbar.countTip', { n: fmt(props.limit) })}>
        <span className="keyhole-count keyhole-count-gray" data-testid="message-count" data-shown={props.shown} data-kept={props.kept}>
          {fmt(props.shown)}
          {props.shown !== props.kept ? ` / ${fmt(props.kept)}` : ''}
        </span>
      </Tooltip>
      {props.droppedByLimit > 0 && (
        <Tooltip label={t('toolbar.limitTip', { n: fmt(props.limit) })}>
          <span className="keyhole-count keyhole-count-orange" data-testid="dropped-by-limit">
            {t('toolbar.olderDropped', { n: fmt(props.droppedByLimit) })}
          </span>
        </Tooltip>
      )}
      {props.droppedByHost > 0 && (
        <Tooltip label={t('toolbar.hostTip')}>
          <span className="keyhole-count keyhole-count-red" data-testid="dropped-by-host">
            {t('toolbar.skipped', { n: fmt(props.droppedByHost) })}
          </span>
        </Tooltip>
      )}
    </Group>
  );
}
