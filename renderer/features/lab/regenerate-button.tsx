import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import { useActions } from '../../store/store-context';

/** "Regenerate…": a new lab (CA, devices, passwords), after saying what that does. */
export function RegenerateButton({ lab, onError }: { lab: LabStatus; onError: (message: string | null) => void }) {
  const { regenerateLab } = useActions();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    const r = await regenerateLab();
    setBusy(false);
    setAsking(false);
    onError(r.ok ? null : r.error.message);
  };
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setAsking(true)} disabled={lab.state === 'starting' || lab.state === 'stopping'}>
        Regenerate…
      </Button>
      <Modal opened={asking} onClose={() => setAsking(false)} title="Regenerate the lab?" centered>
        <Stack gap="sm">
          <Text fz="sm">
            The lab gets a new CA, new device certificates and new passwords, and its built-in table starts afresh; its port and auth source
            stay.
          </Text>
          <Text fz="sm">
            {lab.profiles.ids.length > 0
              ? `Its ${lab.profiles.ids.length} Lab profiles are made again with the new files${lab.state === 'running' ? '' : ' when it next starts'} (their attempt history stays). Profiles you made yourself from the old lab's files stop working.`
              : "Profiles made from the old lab's files stop working."}
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setAsking(false)}>
              Keep this lab
            </Button>
            <Button color="red" onClick={() => void go()} loading={busy} data-testid="lab-regenerate-confirm">
              Regenerate
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
