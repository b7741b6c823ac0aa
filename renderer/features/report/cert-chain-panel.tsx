import { Accordion, Badge, Group, Text } from '@mantine/core';
import type { CertSummary } from '../../../shared/connect/report';
import { CertDetails } from '../../ui/cert-details';
import { ValidityBadge } from '../../ui/validity-badge';
import { certName } from './report-format';

/** The broker's certificate chain, leaf first, each certificate expandable. */
export function CertChainPanel({ chain }: { chain: readonly CertSummary[] }) {
  if (chain.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        The broker presented no certificate.
      </Text>
    );
  return (
    <Accordion variant="separated" multiple data-testid="peer-chain">
      {chain.map((c, i) => (
        <Accordion.Item key={`${c.fingerprint256}-${i}`} value={`${i}`}>
          <Accordion.Control aria-label={`Certificate ${i}: ${certName(c)}`}>
            <Group gap="xs">
              <Badge variant="outline" size="sm">
                {i === 0 ? 'leaf' : c.selfSigned ? 'root' : `#${i}`}
              </Badge>
              <Text fz="sm" fw={600} data-testid="peer-cert-cn">
                {certName(c)}
              </Text>
              <Text fz="xs" c="dimmed">
                issued by {c.issuerCommonName ?? c.issuer}
              </Text>
              <ValidityBadge cert={c} />
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <CertDetails cert={c} />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
