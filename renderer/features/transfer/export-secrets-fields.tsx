import { PasswordInput, Progress, Stack, Switch, Text } from '@mantine/core';
import { passphraseStrength, type ExportForm } from './export-plan';
import { useT } from '../../i18n/use-t';

type SecretsPart = Pick<ExportForm, 'withSecrets' | 'passphrase' | 'confirm'>;

/** "Include secrets", and the passphrase that seals them (with its strength and confirmation). */
export function ExportSecretsFields({
  form,
  errors,
  onChange,
}: {
  form: SecretsPart;
  errors: { passphrase?: string; confirm?: string };
  onChange: (patch: Partial<SecretsPart>) => void;
}) {
  const { t } = useT('transfer');
  const strength = passphraseStrength(form.passphrase);
  return (
    <>
      <Switch
        label={t('export.withSecrets')}
        description={t('export.withSecretsHint')}
        checked={form.withSecrets}
        onChange={(e) => onChange({ withSecrets: e.currentTarget.checked })}
      />
      {form.withSecrets && (
        <Stack gap="xs">
          <PasswordInput
            label={t('export.passphrase')}
            description={t('export.passphraseHint')}
            value={form.passphrase}
            onChange={(e) => onChange({ passphrase: e.currentTarget.value })}
            error={errors.passphrase}
            autoComplete="new-password"
            data-autofocus
          />
          {form.passphrase.length > 0 && (
            <Stack gap={2} data-testid="passphrase-strength" data-score={strength.score}>
              <Progress value={(strength.score / 4) * 100} color={strength.color} size="sm" aria-hidden />
              <Text fz="xs" c={strength.color === 'yellow' ? 'yellow.8' : strength.color}>
                {t('export.strength', { label: strength.label })}
                {strength.advice ? t('export.advice', { advice: strength.advice }) : ''}
              </Text>
            </Stack>
          )}
          <PasswordInput
            label={t('export.confirm')}
            value={form.confirm}
            onChange={(e) => onChange({ confirm: e.currentTarget.value })}
            error={errors.confirm}
            autoComplete="new-password"
          />
        </Stack>
      )}
    </>
  );
}
