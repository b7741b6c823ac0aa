import { Alert, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import type { LabIdentityStatus, LabIdentityView } from '../../../shared/lab/lab-config';
import { useActions } from '../../store/store-context';
import { IdentityPassword } from './identity-password';
import { RightsLines } from './rights-lines';

const STATUS_LOOK: Record<LabIdentityStatus, { label: string; color: string }> = {
  allowed: { label: 'allowed', color: 'green' },
  'not-allowed': { label: 'CN not allowed', color: 'red' },
  revoked: { label: 'revoked', color: 'red' },
  expired: { label: 'expired', color: 'red' },
  'not-yet-valid': { label: 'not yet valid', color: 'orange' },
  'foreign-ca': { label: 'foreign CA', color: 'red' },
  'no-certificate': { label: 'no certificate', color: 'gray' },
};

function StatusCell({ v }: { v: LabIdentityView }) {
  const look = STATUS_LOOK[v.status];
  return (
    <Group gap={4} wrap="wrap">
      <Badge size="sm" variant="light" color={look.color} data-testid="identity-status" data-status={v.status}>
        {look.label}
      </Badge>
      {v.status === 'allowed' && !v.profilePasswordMatches && (
        <Badge size="sm" variant="outline" color="orange">
          profile: wrong password
        </Badge>
      )}
      {v.mqttVersion === '5' && (
        <Badge size="sm" variant="outline" color="blue">
          asks for MQTT 5
        </Badge>
      )}
    </Group>
  );
}

/** Every demo identity: its CN, what the lab does with it, its topic rights, and its password on demand. */
export function LabIdentitiesTable({ lab }: { lab: LabStatus }) {
  const { setLabEntry } = useActions();
  const [error, setError] = useState<string | null>(null);
  if (lab.identities.length === 0)
    return (
      <Text fz="sm" c="dimmed" data-testid="lab-identities-empty">
        The lab issues its CA, broker certificate and demo identities on first start.
      </Text>
    );
  const allow = (v: LabIdentityView) =>
    void setLabEntry({ commonName: v.commonName!, password: { identity: v.name } }).then((r) => setError(r.ok ? null : r.error.message));
  return (
    <>
      {lab.settings.auth.source === 'redis' && (
        <Alert color="blue" variant="light" p="xs" mb="xs">
          <Text fz="sm">
            The lab asks Redis: "allowed" here is the built-in table's view. Use "Test query" under Auth source to see what Redis answers.
          </Text>
        </Alert>
      )}
      {error && (
        <Text fz="sm" c="red" mb="xs">
          {error}
        </Text>
      )}
      <Table.ScrollContainer minWidth={880}>
        <Table fz="sm" striped highlightOnHover verticalSpacing={6} aria-label="Lab identities" data-testid="lab-identities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Identity, and what it shows</Table.Th>
              <Table.Th>Certificate CN</Table.Th>
              <Table.Th w={170}>Status</Table.Th>
              <Table.Th>Topic rights</Table.Th>
              <Table.Th>Password</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lab.identities.map((v) => (
              <Table.Tr key={v.name} data-testid="identity-row" data-name={v.name}>
                <Table.Td miw={190} maw={320}>
                  <Text fz="sm" fw={600}>
                    {v.name}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {v.about}
                  </Text>
                </Table.Td>
                <Table.Td ff="monospace" fz="xs" maw={170} style={{ overflowWrap: 'anywhere' }}>
                  {v.commonName ?? '—'}
                </Table.Td>
                <Table.Td>
                  <StatusCell v={v} />
                  {v.status === 'not-allowed' && (
                    <Button size="compact-xs" variant="light" mt={4} onClick={() => allow(v)} aria-label={`Allow ${v.commonName}`}>
                      Allow
                    </Button>
                  )}
                </Table.Td>
                {/* A topic filter reads badly broken mid-segment: the table scrolls sideways instead. */}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <RightsLines rights={v.rights} />
                </Table.Td>
                <Table.Td>
                  <IdentityPassword name={v.name} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
