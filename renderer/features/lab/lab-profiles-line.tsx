import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import { useActions } from '../../store/store-context';

/** The Lab group of ready profiles: make it, or go to it. */
export function LabProfilesLine({ lab }: { lab: LabStatus }) {
  const { createLabProfiles, setSection, navigate } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = lab.profiles.ids.length;
  const first = lab.profiles.ids[0];
  const make = async () => {
    setBusy(true);
    const r = await createLabProfiles();
    setBusy(false);
    setError(r.ok ? null : r.error.message);
  };
  return (
    <Group gap="xs" wrap="wrap" data-testid="lab-profiles">
      {count > 0 ? (
        <>
          <Text fz="sm">
            <b>{count}</b> ready profiles in the <b>Lab</b> group, one per identity.
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => {
              setSection('connections');
              if (first) navigate({ kind: 'connection', profileId: first });
            }}
          >
            Show in Connections
          </Button>
        </>
      ) : (
        <Text fz="sm" c="dimmed">
          No Lab profiles yet: one ready profile per identity, in a "Lab" group, shows acceptance and each kind of rejection.
        </Text>
      )}
      <Button
        size="compact-xs"
        variant={count > 0 ? 'subtle' : 'filled'}
        onClick={() => void make()}
        loading={busy}
        disabled={lab.state !== 'running'}
        data-testid="lab-make-profiles"
      >
        {count > 0 ? 'Make them again' : 'Make the Lab profiles'}
      </Button>
      {lab.state !== 'running' && count === 0 && (
        <Text fz="xs" c="dimmed">
          (start the lab first: they point at its port)
        </Text>
      )}
      {error && (
        <Text fz="sm" c="red">
          {error}
        </Text>
      )}
    </Group>
  );
}
