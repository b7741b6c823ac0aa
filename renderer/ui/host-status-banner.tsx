import { Alert } from '@mantine/core';
import { selectHostStatus } from '../store/selectors';
import { useAppStore } from '../store/store-context';

/** Says so when the page has lost its web host (the desktop app's IPC never drops). */
export function HostStatusBanner() {
  const status = useAppStore(selectHostStatus);
  if (status !== 'closed') return null;
  return (
    <Alert color="red" variant="filled" radius={0} title="Disconnected from the Keyhole host" data-testid="host-lost">
      The page lost its connection to the host process. Reload the page once the host runs again.
    </Alert>
  );
}
