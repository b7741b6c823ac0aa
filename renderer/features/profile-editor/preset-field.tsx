import { Alert, Button, Grid, Group, List, Select, Stack, Text } from '@mantine/core';
import { CLOUD_PRESETS, cloudPreset } from '../../../shared/connect/cloud-presets';
import { PresetId } from '../../../shared/connect/settings';
import { applyPreset, presetNotes } from './preset-form';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

const PRESETS = CLOUD_PRESETS.map((p) => ({ value: p.id, label: p.title }));

/**
 * The cloud service a profile is for: choosing one fills in what the service requires (port,
 * ALPN, trust, client id and username forms), its transports switch between the ports it
 * offers, and its rules that the current values break are listed (the report says the same).
 */
export function PresetField({ form }: { form: ProfileForm }) {
  const { values: v, secretFlags } = form;
  const { t } = useT('profileEditor');
  const preset = v.preset ? cloudPreset(v.preset) : null;
  const notes = presetNotes(v, secretFlags);
  return (
    <Stack gap={6} data-testid="preset-field">
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Select
            label={t('preset.label')}
            aria-label={t('preset.label')}
            data={[{ value: '', label: t('preset.none') }, ...PRESETS]}
            value={v.preset}
            allowDeselect={false}
            onChange={(x) => {
              const id = PresetId.safeParse(x);
              if (id.success) form.update((cur) => applyPreset(cur, id.data, secretFlags));
              else form.set('preset', '');
            }}
          />
        </Grid.Col>
        {preset && (
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Group gap={6} aria-label={t('preset.transports', { title: preset.title })}>
              {preset.transports.map((t) => {
                const active = t.protocol === v.protocol && t.port === Number(v.port);
                return (
                  <Button
                    key={t.label}
                    size="compact-sm"
                    variant={active ? 'light' : 'default'}
                    aria-pressed={active}
                    onClick={() => form.update((cur) => applyPreset(cur, preset.id, secretFlags, t))}
                  >
                    {t.label}
                  </Button>
                );
              })}
            </Group>
          </Grid.Col>
        )}
      </Grid>
      {preset && (
        <Text size="xs" c="dimmed" data-testid="preset-summary">
          {preset.summary}
        </Text>
      )}
      {preset && notes.length > 0 && (
        <Alert variant="light" color="blue" p="xs" title={t('preset.miss', { title: preset.title })} data-testid="preset-notes">
          <List size="xs" spacing={2}>
            {notes.map((n) => (
              <List.Item key={n}>{n}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
