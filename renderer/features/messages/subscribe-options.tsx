import { Collapse, NumberInput, Select, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { MAX_SUBSCRIPTION_IDENTIFIER, type SubscriptionOptions } from '../../../shared/ipc/contract';
import { useT } from '../../i18n/use-t';
import { formatNumber } from '../../i18n/format';
import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const tm = i18n.getFixedT(null, ['messages', 'common']);

/** The MQTT 5 subscription options as the form holds them. */
export interface OptionValues {
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
  /** '' for none. */
  subscriptionIdentifier: number | string;
}

export const NO_OPTIONS: OptionValues = { noLocal: false, retainAsPublished: false, retainHandling: 0, subscriptionIdentifier: '' };

/** What is wrong with the subscription identifier, if anything (MQTT 5.0 §3.8.2.1.2: 1 to 268,435,455). */
export function optionsError(v: OptionValues): string | undefined {
  if (v.subscriptionIdentifier === '') return undefined;
  const n = Number(v.subscriptionIdentifier);
  return Number.isInteger(n) && n >= 1 && n <= MAX_SUBSCRIPTION_IDENTIFIER
    ? undefined
    : tm('messages:options.idRange', { max: formatNumber(MAX_SUBSCRIPTION_IDENTIFIER) });
}

/** The options to send: only those that differ from MQTT's defaults. */
export function optionsRequest(v: OptionValues): SubscriptionOptions {
  return {
    ...(v.noLocal ? { noLocal: true } : {}),
    ...(v.retainAsPublished ? { retainAsPublished: true } : {}),
    ...(v.retainHandling !== 0 ? { retainHandling: v.retainHandling } : {}),
    ...(v.subscriptionIdentifier !== '' ? { subscriptionIdentifier: Number(v.subscriptionIdentifier) } : {}),
  };
}

/** No local, retain as published, retain handling and subscription identifier, folded away until asked for. */
export function SubscribeOptionsFields({
  value: v,
  onChange,
  idError,
}: {
  value: OptionValues;
  onChange: (v: OptionValues) => void;
  idError: string | undefined;
}) {
  const { t } = useT('messages');
  const [open, setOpen] = useState(false);
  const set = (p: Partial<OptionValues>) => onChange({ ...v, ...p });
  const changed = Object.keys(optionsRequest(v)).length;
  return (
    <Stack gap={4}>
      <UnstyledButton onClick={() => setOpen((x) => !x)} aria-expanded={open} aria-controls="subscribe-v5-options">
        <Text fz="xs" c="dimmed">
          {open ? '▾' : '▸'} {changed ? t('options.titleSet', { n: changed }) : t('options.title')}
        </Text>
      </UnstyledButton>
      <Collapse expanded={open} id="subscribe-v5-options">
        <Stack gap={6}>
          <Switch size="xs" label={t('options.noLocal')} checked={v.noLocal} onChange={(e) => set({ noLocal: e.currentTarget.checked })} />
          <Switch
            size="xs"
            label={t('options.rap')}
            checked={v.retainAsPublished}
            onChange={(e) => set({ retainAsPublished: e.currentTarget.checked })}
          />
          <Select
            size="xs"
            label={t('options.retainHandling')}
            data={[
              { value: '0', label: t('options.retain0') },
              { value: '1', label: t('options.retain1') },
              { value: '2', label: t('options.retain2') },
            ]}
            value={String(v.retainHandling)}
            onChange={(x) => x && set({ retainHandling: Number(x) as 0 | 1 | 2 })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <NumberInput
            size="xs"
            label={t('options.identifier')}
            placeholder={t('options.none')}
            min={1}
            max={MAX_SUBSCRIPTION_IDENTIFIER}
            allowDecimal={false}
            value={v.subscriptionIdentifier}
            onChange={(x) => set({ subscriptionIdentifier: x })}
            error={idError}
          />
        </Stack>
      </Collapse>
    </Stack>
  );
}
