import { Anchor, Group, PasswordInput, Text } from '@mantine/core';
import type { EditedSecret } from './profile-draft';
import { useT } from '../../i18n/use-t';

export interface SecretInputProps {
  label: string;
  description?: string;
  value: EditedSecret;
  /** The host holds a value for this secret (the renderer never sees it). */
  stored: boolean;
  onChange: (value: EditedSecret) => void;
  onBlur?: () => void;
  error?: string;
}

/**
 * A password field for a secret the renderer may write but never read back: empty with a
 * "stored" placeholder when the host holds one; typing replaces it, "Forget" clears it.
 */
export function SecretInput({ label, description, value, stored, onChange, onBlur, error }: SecretInputProps) {
  const { t } = useT('profileEditor');
  const forgetting = value === null;
  const help = stored ? (
    <Group gap={6} component="span">
      {description && (
        <Text span fz="xs">
          {description}
        </Text>
      )}
      {forgetting ? (
        <Anchor component="button" type="button" fz="xs" onClick={() => onChange(undefined)}>
          {t('secret.keep')}
        </Anchor>
      ) : (
        <Anchor
          component="button"
          type="button"
          fz="xs"
          onClick={() => onChange(null)}
          aria-label={t('secret.forgetLabel', { what: label.toLowerCase() })}
        >
          {t('secret.forget')}
        </Anchor>
      )}
    </Group>
  ) : (
    description
  );
  return (
    <PasswordInput
      label={label}
      description={help}
      descriptionProps={{ component: 'div' }}
      error={error}
      value={typeof value === 'string' ? value : ''}
      placeholder={forgetting ? t('secret.forgotten') : stored ? t('secret.stored') : ''}
      onChange={(e) => {
        const next = e.currentTarget.value;
        onChange(next === '' ? undefined : next);
      }}
      onBlur={onBlur}
      autoComplete="new-password"
    />
  );
}
