import { Button, Checkbox, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import type { LabRefusal } from '../../../shared/lab/lab-config';
import { useActions } from '../../store/store-context';
import { authForm, checkAuthForm, type AuthForm } from './lab-inputs';
import { LabRedisFields } from './lab-redis-fields';
import { LabTableEditor } from './lab-table-editor';
import { LabTestQuery } from './lab-test-query';
import { useT } from '../../i18n/use-t';

const REDIS = 'Redis';

/** Where the lab looks identities up (its built-in table or Redis), what it answers a refusal with; the table; a test query. */
export function LabAuthEditor({ lab }: { lab: LabStatus }) {
  const { t } = useT(['lab', 'common']);
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
              {t('auth.title')}
            </Title>
            <SegmentedControl
              size="xs"
              value={form.source}
              onChange={(v) => patch({ source: v as AuthForm['source'] })}
              data={[
                { value: 'built-in', label: t('auth.builtIn') },
                { value: 'redis', label: REDIS },
              ]}
              aria-label={t('auth.title')}
            />
          </Group>
          <Text fz="sm" c="dimmed">
            {t('auth.intro')}
          </Text>
          {form.source === 'redis' && <LabRedisFields form={form} errors={check.ok ? {} : check.errors} onChange={patch} />}
          <Group gap="md" wrap="wrap" align="flex-end">
            <Select
              label={t('auth.refusal')}
              w={300}
              data={[
                { value: 'not-authorized', label: t('auth.notAuthorized') },
                { value: 'bad-credentials', label: t('auth.badCredentials') },
              ]}
              value={form.refusal}
              onChange={(v) => v && patch({ refusal: v as LabRefusal })}
              allowDeselect={false}
            />
            <Checkbox
              label={t('auth.usernameIsCn')}
              checked={form.usernameMustEqualCn}
              onChange={(e) => patch({ usernameMustEqualCn: e.currentTarget.checked })}
              mb={8}
            />
          </Group>
          <Group gap="xs">
            <Button size="xs" onClick={() => void save()} disabled={!dirty || !check.ok} loading={busy} data-testid="lab-auth-save">
              {lab.state === 'running' ? t('auth.saveRestart') : t('common:save')}
            </Button>
            {dirty && (
              <Button size="xs" variant="subtle" color="gray" onClick={() => setForm(authForm(saved))}>
                {t('auth.undo')}
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
