import { Code, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { PasswordHash } from '../../../shared/certs/batch';
import { PLACEHOLDERS } from '../../../shared/lab/auth-template';
import type { AuthForm } from './lab-inputs';

const HASH_LABELS: Record<PasswordHash, string> = {
  plain: 'plain (the password itself)',
  'sha256-salt-prefix': 'SHA-256 of salt + password',
  'sha256-salt-suffix': 'SHA-256 of password + salt',
  bcrypt: 'bcrypt',
};

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
  return (
    <Stack gap="xs" data-testid="lab-redis-fields">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
        <TextInput
          label="Redis URL"
          description="redis://[user:password@]host:port[/db]; a saved password shows as ***"
          value={form.url}
          onChange={(e) => onChange({ url: e.currentTarget.value })}
          error={errors.url}
          spellCheck={false}
        />
        <Group gap="xs" grow align="flex-start">
          <Select
            label="Passwords stored as"
            data={PasswordHash.options.map((h) => ({ value: h, label: HASH_LABELS[h] }))}
            value={form.hash}
            onChange={(v) => v && onChange({ hash: v as PasswordHash })}
            error={errors.hash}
            allowDeselect={false}
          />
          <TextInput
            label="Time limit (ms)"
            value={form.timeoutMs}
            onChange={(e) => onChange({ timeoutMs: e.currentTarget.value })}
            error={errors.timeoutMs}
          />
        </Group>
      </SimpleGrid>
      <TextInput
        label="Query"
        description="HMGET, HGET or GET; the first value is the password, the second the salt"
        value={form.query}
        onChange={(e) => onChange({ query: e.currentTarget.value })}
        error={errors.query}
        ff="monospace"
        spellCheck={false}
        data-testid="lab-query"
      />
      <Text fz="xs" c="dimmed">
        Placeholders:{' '}
        {Object.entries(PLACEHOLDERS).map(([k, v], i) => (
          <span key={k}>
            {i > 0 && ', '}
            <Code fz="xs">%{k}</Code> {v}
          </span>
        ))}
        , <Code fz="xs">%%</Code> a percent sign. Each placeholder is filled inside its own argument: a CN such as <Code fz="xs">a b</Code>{' '}
        stays one key.
      </Text>
    </Stack>
  );
}
