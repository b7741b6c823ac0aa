import { Alert } from '@mantine/core';
import { selectHostStatus } from '../store/selectors';
import { useAppStore } from '../store/store-context';
import { useT } from '../i18n/use-t';

/** Says so when the page has lost its web host (the desktop app's IPC never drops). */
export function HostStatusBanner() {
  const { t } = useT('ui');
  const status = useAppStore(selectHostStatus);
  if (status !== 'closed') return null;
  return (
    <Alert color="red" variant="filled" radius={0} title={t('hostLost.title')} data-testid="host-lost">
      {t('hostLost.body')}
    </Alert>
  );
}
