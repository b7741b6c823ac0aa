import { Button, Group, MultiSelect, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { describeLabEvent, type LabEventKind } from '../../../shared/lab/lab-event';
import { selectLabLog } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { KINDS, attemptNames, filterLabEvents, kindLabel } from './lab-event-text';
import { useT } from '../../i18n/use-t';
import { LabLogList } from './lab-log-list';

/** The lab's live log with its filters: by CN (or any text) and by kind of event. */
export function LabLogPanel() {
  const { t } = useT('lab');
  const log = useAppStore(selectLabLog);
  const { clearLabLog } = useActions();
  const [text, setText] = useState('');
  const [kinds, setKinds] = useState<LabEventKind[]>([]);
  // The buffer is mutated in place; `version` says when to read it again.
  const all = useMemo(() => log.buffer.toArray(), [log.version, log.buffer]);
  const names = useMemo(() => attemptNames(all), [all]);
  const shown = useMemo(() => filterLabEvents(all, { text, kinds }, names, describeLabEvent), [all, text, kinds, names]);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Group gap="xs" px="md" py="xs" wrap="wrap" align="flex-end">
        <TextInput
          size="xs"
          w={220}
          placeholder={t('log.filter')}
          aria-label={t('log.filterLabel')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <MultiSelect
          size="xs"
          w={320}
          placeholder={kinds.length ? undefined : t('log.everyKind')}
          aria-label={t('log.kindsLabel')}
          data={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          value={kinds}
          onChange={(v) => setKinds(v as LabEventKind[])}
          clearable
        />
        <Text fz="xs" c="dimmed" data-testid="lab-log-count">
          {shown.length === all.length ? t('log.count', { count: all.length }) : t('log.shown', { shown: shown.length, count: all.length })}
        </Text>
        <Button size="compact-xs" variant="subtle" color="gray" onClick={clearLabLog} disabled={all.length === 0}>
          {t('log.clear')}
        </Button>
      </Group>
      <LabLogList events={shown} names={names} />
    </div>
  );
}
