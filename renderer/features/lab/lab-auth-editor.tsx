import { Button, Checkbox, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import type { LabRefusal } from '../../../shared/lab/lab-config';
import { useActions } from '../../store/store-context';
import { authForm, checkAuthForm, type AuthForm } from './lab-inputs';
import { LabRedisFields } from './lab-redis-fields';
import { LabTableEditor } from './lab-table-editor';
import { LabTestQuery } from './lab-test-query';

/** Where the lab looks identities up (its built-in table or Redis), what it answers a refusal with; the table; a test query. */
export function LabAuthEditor({ lab }: { lab: LabStatus }) {
  const { configureLab } = useActions();
  const saved = lab.settings.auth;
  const [form, setForm] = useState<AuthForm>(() => authForm(saved));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const savedKey = JSON.stringify(saved);
  // Saved elsewhere (another tab, a restart): the fields show what is saved now.
  useEffect(() => setForm(authForm(saved)), [savedKey]);
  const check = useMemo(() => checkAuthForm(form, saved), [form, saved]);
  const dirty = JSON.stringify(form) !== JSON.stringify(authForm(saved));
  const patch = (p: Partial<AuthForm>) => setForm((f) => ({ ...f, ...p }));
  const save = async () => {
    if (!check.ok) return;
    setBusy(true);
    const r = await configureLab({ port: lab.settings.port, auth: check.config });
    setBusy(false);
    setError(r.ok ? null : r.error.message);
  };
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="sm" data-testid="lab-auth">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={3} fz="md">
              Auth source
            </Title>
            <SegmentedControl
              size="xs"
              value={form.source}
              onChange={(v) => patch({ source: v as AuthForm['source'] })}
              data={[
                { value: 'built-in', label: 'Built-in table' },
                { value: 'redis', label: 'Redis' },
              ]}
              aria-label="Auth source"
            />
          </Group>
          <Text fz="sm" c="dimmed">
            The certificate's CN is the identity; the CONNECT password its secret. An unknown CN or a wrong password is refused with the
            CONNACK chosen here.
          </Text>
          {form.source === 'redis' && <LabRedisFields form={form} errors={check.ok ? {} : check.errors} onChange={patch} />}
          <Group gap="md" wrap="wrap" align="flex-end">
            <Select
              label="Refusal"
              w={300}
              data={[
                { value: 'not-authorized', label: 'CONNACK 5 not authorized' },
                { value: 'bad-credentials', label: 'CONNACK 4 bad user name or password' },
              ]}
              value={form.refusal}
              onChange={(v) => v && patch({ refusal: v as LabRefusal })}
              allowDeselect={false}
            />
            <Checkbox
              label="The username must equal the certificate CN"
              checked={form.usernameMustEqualCn}
              onChange={(e) => patch({ usernameMustEqualCn: e.currentTarget.checked })}
              mb={8}
            />
          </Group>
          <Group gap="xs">
            <Button size="xs" onClick={() => void save()} disabled={!dirty || !check.ok} loading={busy} data-testid="lab-auth-save">
              {lab.state === 'running' ? 'Save and restart the lab' : 'Save'}
            </Button>
            {dirty && (
              <Button size="xs" variant="subtle" color="gray" onClick={() => setForm(authForm(saved))}>
                Undo changes
              </Button>
            )}
            {error && (
              <Text fz="sm" c="red">
                {error}
              </Text>
            )}
          </Group>
        </Stack>
      </Paper>
      {form.source === 'built-in' && <LabTableEditor lab={lab} />}
      <LabTestQuery lab={lab} auth={check.ok ? check.config : null} />
    </Stack>
  );
}
