import { Alert, List, Text } from '@mantine/core';
import type { Profile } from '../../../shared/profile/profile';
import { heldSecrets, secretKindsText, type plannedMissing } from './export-plan';
import { useT } from '../../i18n/use-t';

/** What the file will lack (secrets left out, or that cannot be decrypted here), or that it has everything. */
export function ExportMissingSecrets({
  missing,
  chosen,
  withSecrets,
}: {
  missing: ReturnType<typeof plannedMissing>;
  chosen: Profile[];
  withSecrets: boolean;
}) {
  const { t } = useT('transfer');
  if (missing.length === 0) {
    if (chosen.length === 0) return null;
    return (
      <Text fz="sm" c="dimmed" data-testid="export-complete">
        {chosen.some((p) => heldSecrets(p).length > 0) ? t('export.everySecret') : t('export.noSecrets')}
      </Text>
    );
  }
  return (
    <Alert
      color={withSecrets ? 'yellow' : 'gray'}
      variant="light"
      data-testid="export-missing-secrets"
      title={withSecrets ? t('export.lockedTitle') : t('export.excludedTitle')}
    >
      <List size="sm" spacing={2}>
        {missing.map((m) => (
          <List.Item key={m.profileId}>
            <Text span fw={600} fz="sm">
              {m.name}
            </Text>
            : {secretKindsText(m.missing)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
