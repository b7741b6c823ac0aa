import { ActionIcon, Badge, Box, Group, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { payloadViews } from './payload';
import { useT } from '../../i18n/use-t';
import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const tm = i18n.getFixedT(null, ['messages', 'common']);
import { useState } from 'react';
import type { Subscription } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';

/** The MQTT 5 options a subscription was made with, as short badges with their meaning as a title. */
export function optionBadges(s: Subscription): { label: string; title: string }[] {
  const badges: ({ label: string; title: string } | null)[] = [
    s.noLocal ? { label: tm('messages:subscription.noLocal'), title: tm('messages:subscription.noLocalTip') } : null,
    s.retainAsPublished ? { label: tm('messages:subscription.rap'), title: tm('messages:subscription.rapTip') } : null,
    s.retainHandling
      ? {
          label: tm('messages:subscription.rh', { n: s.retainHandling }),
          title: tm('messages:subscription.rhTip', { n: s.retainHandling }),
        }
      : null,
    s.subscriptionIdentifier !== undefined
      ? { label: tm('messages:subscription.id', { n: s.subscriptionIdentifier }), title: tm('messages:subscription.idTip') }
      : null,
  ];
  return badges.filter((x): x is { label: string; title: string } => x !== null);
}

/** One subscription: alias (or topic), the broker's answer, its options, enable/disable, rename and unsubscribe. */
export function SubscriptionRow({ profileId, s, color }: { profileId: string; s: Subscription; color: string | undefined }) {
  const { unsubscribe, editSubscription, notify, setMessageFilter } = useActions();
  const { t } = useT('messages');
  const [renaming, setRenaming] = useState<string | null>(null);
  const name = s.alias ?? s.topic;
  const edit = (change: { enabled?: boolean; alias?: string | null }) =>
    void editSubscription(profileId, s.topic, change).then(
      (r) => !r.ok && notify('red', t('subscription.changeFailed', { name, message: r.error.message })),
    );
  const saveAlias = () => {
    if (renaming === null) return;
    const alias = renaming.trim();
    setRenaming(null);
    if (alias !== (s.alias ?? '')) edit({ alias: alias === '' ? null : alias });
  };
  return (
    <Group
      role="listitem"
      aria-label={name}
      data-testid="subscription"
      data-disabled={s.disabled ? 'true' : undefined}
      gap={6}
      wrap="nowrap"
      p={4}
      style={{
        borderRadius: 4,
        borderLeft: `4px solid ${color ?? 'var(--mantine-color-gray-5)'}`,
        opacity: s.disabled ? 0.65 : 1,
      }}
    >
      <Box style={{ flex: 1, minWidth: 0 }}>
        {renaming !== null ? (
          <TextInput
            size="xs"
            aria-label={t('subscription.aliasOf', { topic: s.topic })}
            placeholder={s.topic}
            value={renaming}
            maxLength={200}
            autoFocus
            onChange={(e) => setRenaming(e.currentTarget.value)}
            onBlur={saveAlias}
            onKeyDown={(e) => {
              if (e.key === 'Enter') saveAlias();
              if (e.key === 'Escape') setRenaming(null);
            }}
          />
        ) : (
          <Tooltip label={s.alias ? t('subscription.onlyItsMessages', { topic: s.topic }) : t('subscription.onlyThis')}>
            <Text
              fz="sm"
              fw={500}
              truncate="end"
              style={{ cursor: 'pointer' }}
              onClick={() => setMessageFilter(profileId, s.topic)}
              data-testid="subscription-topic"
            >
              {name}
            </Text>
          </Tooltip>
        )}
        {s.alias && renaming === null && (
          <Text fz="xs" c="dimmed" truncate="end" data-testid="subscription-filter">
            {s.topic}
          </Text>
        )}
        <Group gap={4}>
          <Badge size="xs" variant="light" color="gray">
            QoS {s.qos}
          </Badge>
          {s.disabled ? (
            <Badge size="xs" variant="outline" color="gray">
              {t('subscription.disabled')}
            </Badge>
          ) : (
            <Badge size="xs" variant="light" color={s.granted ? 'teal' : 'red'} title={`SUBACK 0x${s.code.toString(16).padStart(2, '0')}`}>
              {s.granted ? t('subscription.granted', { code: s.code }) : s.codeName}
            </Badge>
          )}
          {optionBadges(s).map((b) => (
            <Badge key={b.label} size="xs" variant="outline" color="blue" title={b.title}>
              {b.label}
            </Badge>
          ))}
          {s.format && (
            <Badge size="xs" variant="outline" color="gray" title={t('subscription.formatTip')}>
              {payloadViews().find((v) => v.value === s.format)?.label ?? s.format}
            </Badge>
          )}
        </Group>
      </Box>
      <Tooltip label={s.disabled ? t('subscription.enableTip') : t('subscription.disableTip')}>
        <Switch
          size="xs"
          aria-label={s.disabled ? t('subscription.enable', { name }) : t('subscription.disable', { name })}
          checked={!s.disabled}
          onChange={(e) => edit({ enabled: e.currentTarget.checked })}
        />
      </Tooltip>
      <ActionIcon
        size="sm"
        variant="subtle"
        color="gray"
        aria-label={t('subscription.rename', { name })}
        onClick={() => setRenaming(s.alias ?? '')}
      >
        ✎
      </ActionIcon>
      <ActionIcon
        size="sm"
        variant="subtle"
        color="gray"
        aria-label={t('subscription.unsubscribe', { topic: s.topic })}
        onClick={() =>
          void unsubscribe(profileId, s.topic).then(
            (r) => !r.ok && notify('red', t('subscription.unsubscribeFailed', { message: r.error.message })),
          )
        }
      >
        ✕
      </ActionIcon>
    </Group>
  );
}
