import { Stack, Text } from '@mantine/core';
import type { Subscription } from '../../../shared/ipc/contract';
import { SubscriptionRow } from './subscription-row';
import { useT } from '../../i18n/use-t';

/** The connection's subscriptions with the broker's answer, options, enable/disable, rename and unsubscribe. */
export function SubscriptionList({
  profileId,
  subscriptions,
  colors,
}: {
  profileId: string;
  subscriptions: readonly Subscription[];
  colors: Readonly<Record<string, string>>;
}) {
  const { t } = useT('messages');
  if (subscriptions.length === 0)
    return (
      <Text fz="xs" c="dimmed">
        {t('subscription.none')}
      </Text>
    );
  return (
    <Stack gap={4} role="list" aria-label={t('subscriptions')} data-testid="subscriptions">
      {subscriptions.map((s) => (
        <SubscriptionRow key={s.topic} profileId={profileId} s={s} color={colors[s.topic]} />
      ))}
    </Stack>
  );
}
