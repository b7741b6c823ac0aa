import { Code, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { PasswordHash } from '../../../shared/certs/batch';
import { PLACEHOLDERS } from '../../../shared/lab/auth-template';
import type { AuthForm } from './lab-inputs';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

const BCRYPT = 'bcrypt';

/** Redis as the auth source: where it is, the EMQX-style query, how passwords are stored, how long to wait. */
export function LabRedisFields({
  form,
  errors,
  onChange,
}: {
  form: AuthForm;
  errors: Partial<Record<'url' | 'query' | 'timeoutMs' | 'hash', string>>;
  onChange: (patch: Partial<AuthForm>) => void;
}) {
  const { t } = useT('lab');
  return (
    <Stack gap="xs" data-testid="lab-redis-fields">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
        <TextInput
          label={t('redis.url')}
          description={t('redis.urlHint')}
          value={form.url}
          onChange={(e) => onChange({ url: e.currentTarget.value })}
          error={errors.url}
          spellCheck={false}
        />
        <Group gap="xs" grow align="flex-start">
          <Select
            label={t('redis.hash')}
            data={PasswordHash.options.map((h) => ({ value: h, label: h === 'bcrypt' ? BCRYPT : t(`redis.hashes.${h}`) }))}
            value={form.hash}
            onChange={(v) => v && onChange({ hash: v as PasswordHash })}
            error={errors.hash}
            allowDeselect={false}
          />
          <TextInput
            label={t('redis.timeout')}
            value={form.timeoutMs}
            onChange={(e) => onChange({ timeoutMs: e.currentTarget.value })}
            error={errors.timeoutMs}
          />
        </Group>
      </SimpleGrid>
      <TextInput
        label={t('redis.query')}
        description={t('redis.queryHint')}
        value={form.query}
        onChange={(e) => onChange({ query: e.currentTarget.value })}
        error={errors.query}
        ff="monospace"
        spellCheck={false}
        data-testid="lab-query"
      />
      <Text fz="xs" c="dimmed">
        {t('redis.placeholders')}{' '}
        {Object.entries(PLACEHOLDERS).map(([k, v], i) => (
          <span key={k}>
            {i > 0 && ', '}
            <Code fz="xs">%{k}</Code> {v}
          </span>
        ))}
        {', '}
        <Trans t={t} i18nKey="redis.percent" components={[<Code key="percent" fz="xs" />, <Code key="example" fz="xs" />]} />
      </Text>
    </Stack>
  );
}
