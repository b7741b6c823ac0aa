import { Grid, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { MAX_RECONNECT_DELAY_MS, reconnectDelay } from '../../../shared/connect/settings';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';
import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const tp = i18n.getFixedT(null, ['profileEditor', 'common']);

/** Automatic reconnect with back-off: off unless turned on, since a test client should show a loss. */
export function ReconnectFields({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const { t } = useT('profileEditor');
  const delay = (field: 'reconnectInitialMs' | 'reconnectMaxMs', label: string) => (
    <NumberInput
      label={label}
      min={100}
      max={MAX_RECONNECT_DELAY_MS}
      step={500}
      allowDecimal={false}
      disabled={!v.reconnect}
      value={v[field]}
      onChange={(x) => set(field, x)}
      onBlur={() => touch(field)}
      error={error(field)}
    />
  );
  return (
    <Stack gap="sm" data-testid="reconnect-fields">
      <Title order={4} fz="md">
        {t('reconnect.title')}
      </Title>
      <Switch
        label={t('reconnect.label')}
        description={t('reconnect.help')}
        checked={v.reconnect}
        onChange={(e) => set('reconnect', e.currentTarget.checked)}
      />
      <Grid gap="sm">
        <Grid.Col span={{ base: 6, md: 3 }}>{delay('reconnectInitialMs', t('reconnect.first'))}</Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>{delay('reconnectMaxMs', t('reconnect.longest'))}</Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <NumberInput
            label={t('reconnect.factor')}
            min={1}
            max={10}
            step={0.5}
            decimalScale={2}
            disabled={!v.reconnect}
            value={v.reconnectFactor}
            onChange={(x) => set('reconnectFactor', x)}
            onBlur={() => touch('reconnectFactor')}
            error={error('reconnectFactor')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <NumberInput
            label={t('reconnect.most')}
            placeholder={t('reconnect.noLimit')}
            min={1}
            allowDecimal={false}
            disabled={!v.reconnect}
            value={v.reconnectMaxAttempts}
            onChange={(x) => set('reconnectMaxAttempts', x)}
            onBlur={() => touch('reconnectMaxAttempts')}
            error={error('reconnectMaxAttempts')}
          />
        </Grid.Col>
      </Grid>
      {v.reconnect && (
        <Text fz="xs" c="dimmed" data-testid="reconnect-summary">
          {reconnectSummary(v.reconnectInitialMs, v.reconnectMaxMs, v.reconnectFactor, v.reconnectMaxAttempts)}
        </Text>
      )}
    </Stack>
  );
}

/** The first waits in words, so the back-off can be read without arithmetic. */
function reconnectSummary(initial: number | string, max: number | string, factor: number | string, attempts: number | string): string {
  const [i, m, f] = [Number(initial), Number(max), Number(factor)];
  if (![i, m, f].every(Number.isFinite) || i <= 0 || f < 1) return '';
  const policy = { enabled: true, initialDelayMs: i, maxDelayMs: m, factor: f, maxAttempts: null };
  const waits = [1, 2, 3, 4, 5].map((k) => reconnectDelay(policy, k) / 1000);
  const limit = attempts === '' ? tp('profileEditor:reconnect.untilConnects') : tp('profileEditor:reconnect.atMost', { n: attempts });
  const list = waits.map((w) => tp('profileEditor:reconnect.seconds', { n: Number(w.toFixed(1)) })).join(tp('common:listSeparator'));
  return tp('profileEditor:reconnect.waits', { waits: list, limit });
}
