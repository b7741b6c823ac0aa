import { Alert, Text } from '@mantine/core';
import type { MissingFile } from '../../../shared/profile/profile';
import { useT } from '../../i18n/use-t';

/**
 * A file the profile names but does not hold (an import could not read it), in its slot: its
 * name and where it was. The slot's Choose button and drop area right below fill it.
 */
export function MissingFileRow({ file }: { file: MissingFile }) {
  const { t } = useT('profileEditor');
  return (
    <Alert color="orange" variant="light" p="xs" data-testid={`missing-${file.slot}`} title={t('missing.title', { name: file.fileName })}>
      <Text fz="xs" style={{ wordBreak: 'break-all' }}>
        {t('missing.was', { path: file.path })}
      </Text>
      <Text fz="xs" c="dimmed">
        {t('missing.reason', { reason: file.reason })}
      </Text>
    </Alert>
  );
}
