import { Anchor, Group, PasswordInput, Text } from '@mantine/core';
import type { EditedSecret } from './profile-draft';

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
          Keep the stored value
        </Anchor>
      ) : (
        <Anchor
          component="button"
          type="button"
          fz="xs"
          onClick={() => onChange(null)}
          aria-label={`Forget the stored ${label.toLowerCase()}`}
        >
          Forget stored
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
      placeholder={forgetting ? 'Will be forgotten on save' : stored ? '•••••• stored: type to replace' : ''}
      onChange={(e) => {
        const next = e.currentTarget.value;
        onChange(next === '' ? undefined : next);
      }}
      onBlur={onBlur}
      autoComplete="new-password"
    />
  );
}
