import { Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { DEFAULT_ACCESS_CHECK_TOPIC } from '../../../shared/connect/settings';
import { useT } from '../../i18n/use-t';

/**
 * Under an accepted report that did not check access: run the attempt again with the access
 * check on a topic, in one click. The topic is kept in the profile (`onCheck` saves it), so
 * later connections check it too; the profile form shows it beside Connect, where it can be cleared.
 */
export function AccessCheckOffer({ onCheck, busy = false }: { onCheck: (topic: string) => void; busy?: boolean }) {
  const { t } = useT('report');
  const [topic, setTopic] = useState(DEFAULT_ACCESS_CHECK_TOPIC);
  const wildcard = /[#+]/.test(topic);
  const ready = topic.trim().length > 0 && !wildcard;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="access-check-offer">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onCheck(topic.trim());
        }}
      >
        <Text fz="sm" mb={6}>
          {t('accessOffer.intro')}
        </Text>
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput
            size="xs"
            aria-label={t('accessOffer.topic')}
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            error={wildcard ? t('accessOffer.noWildcards') : undefined}
            style={{ flex: 1, minWidth: 200, maxWidth: 360 }}
          />
          <Button size="xs" type="submit" disabled={!ready} loading={busy} data-testid="check-access-button">
            {t('accessOffer.check')}
          </Button>
        </Group>
        <Text fz="xs" c="dimmed" mt={6}>
          {t('accessOffer.after')}
        </Text>
      </form>
    </Paper>
  );
}
