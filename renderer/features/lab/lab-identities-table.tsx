import { Alert, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import type { LabIdentityStatus, LabIdentityView } from '../../../shared/lab/lab-config';
import { useActions } from '../../store/store-context';
import { IdentityPassword } from './identity-password';
import { RightsLines } from './rights-lines';
import { useT } from '../../i18n/use-t';

const STATUS_COLOR: Record<LabIdentityStatus, string> = {
  allowed: 'green',
  'not-allowed': 'red',
  revoked: 'red',
  expired: 'red',
  'not-yet-valid': 'orange',
  'foreign-ca': 'red',
  'no-certificate': 'gray',
};

function StatusCell({ v }: { v: LabIdentityView }) {
  const { t } = useT('lab');
  return (
    <Group gap={4} wrap="wrap">
      <Badge size="sm" variant="light" color={STATUS_COLOR[v.status]} data-testid="identity-status" data-status={v.status}>
        {t(`identities.statuses.${v.status}`)}
      </Badge>
      {v.status === 'allowed' && !v.profilePasswordMatches && (
        <Badge size="sm" variant="outline" color="orange">
          {t('identities.wrongPassword')}
        </Badge>
      )}
      {v.mqttVersion === '5' && (
        <Badge size="sm" variant="outline" color="blue">
          {t('identities.mqtt5')}
        </Badge>
      )}
    </Group>
  );
}

/** Every demo identity: its CN, what the lab does with it, its topic rights, and its password on demand. */
export function LabIdentitiesTable({ lab }: { lab: LabStatus }) {
  const { t } = useT('lab');
  const { setLabEntry } = useActions();
  const [error, setError] = useState<string | null>(null);
  if (lab.identities.length === 0)
    return (
      <Text fz="sm" c="dimmed" data-testid="lab-identities-empty">
        {t('identities.empty')}
      </Text>
    );
  const allow = (v: LabIdentityView) =>
    void setLabEntry({ commonName: v.commonName!, password: { identity: v.name } }).then((r) => setError(r.ok ? null : r.error.message));
  return (
    <>
      {lab.settings.auth.source === 'redis' && (
        <Alert color="blue" variant="light" p="xs" mb="xs">
          <Text fz="sm">{t('identities.redis')}</Text>
        </Alert>
      )}
      {error && (
        <Text fz="sm" c="red" mb="xs">
          {error}
        </Text>
      )}
      <Table.ScrollContainer minWidth={880}>
        <Table fz="sm" striped highlightOnHover verticalSpacing={6} aria-label={t('identities.table')} data-testid="lab-identities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('identities.identity')}</Table.Th>
              <Table.Th>{t('identities.cn')}</Table.Th>
              <Table.Th w={170}>{t('identities.status')}</Table.Th>
              <Table.Th>{t('identities.rights')}</Table.Th>
              <Table.Th>{t('identities.password')}</Table.Th>
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
                    <Button
                      size="compact-xs"
                      variant="light"
                      mt={4}
                      onClick={() => allow(v)}
                      aria-label={t('identities.allowLabel', { cn: v.commonName ?? '' })}
                    >
                      {t('identities.allow')}
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
