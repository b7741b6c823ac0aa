import { Accordion, Badge, Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { CertSummary } from '../../../shared/connect/report';
import { CertDetails } from '../../ui/cert-details';
import { ValidityBadge } from '../../ui/validity-badge';
import { certName, validityState } from './report-format';
import { useT } from '../../i18n/use-t';

/** Our verdict on the chain as a whole (report-format.ts `chainTrust`), with the verifier's reason. */
export interface ChainTrust {
  state: 'trusted' | 'untrusted' | 'unchecked';
  reason: string | null;
}

/**
 * The badge beside one certificate. A chain we do not trust gets no green "valid": its dates may
 * be fine, but nothing in it is vouched for (an expired or not-yet-valid date still shows).
 */
function TrustBadge({ cert, trust }: { cert: CertSummary; trust: ChainTrust }) {
  const { t } = useT('report');
  if (trust.state === 'trusted' || validityState(cert) !== 'valid') return <ValidityBadge cert={cert} />;
  if (trust.state === 'unchecked')
    return (
      <Badge color="gray" variant="light" size="sm" data-testid="peer-cert-trust">
        {t('chain.notVerified')}
      </Badge>
    );
  return (
    <Tooltip label={trust.reason ? t('chain.notTrustedBecause', { reason: trust.reason }) : t('chain.notTrusted')} withinPortal>
      <Badge color="red" variant="light" size="sm" data-testid="peer-cert-trust">
        {t('chain.untrusted')}
      </Badge>
    </Tooltip>
  );
}

/** The broker's certificate chain, leaf first, each certificate expandable. */
export function CertChainPanel({ chain, trust }: { chain: readonly CertSummary[]; trust: ChainTrust }) {
  const { t } = useT('report');
  if (chain.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        {t('chain.none')}
      </Text>
    );
  return (
    <Accordion variant="separated" multiple data-testid="peer-chain" data-trust={trust.state}>
      {chain.map((c, i) => (
        <Accordion.Item key={`${c.fingerprint256}-${i}`} value={`${i}`}>
          <Accordion.Control>
            <Group gap="xs">
              <VisuallyHidden>{t('chain.certificate', { n: i })}</VisuallyHidden>
              <Badge variant="outline" size="sm">
                {i === 0 ? t('chain.leaf') : c.selfSigned ? t('chain.root') : `#${i}`}
              </Badge>
              <Text fz="sm" fw={600} data-testid="peer-cert-cn">
                {certName(c)}
              </Text>
              <Text fz="xs" c="dimmed">
                {t('chain.issuedBy', { issuer: c.issuerCommonName ?? c.issuer })}
              </Text>
              <TrustBadge cert={c} trust={trust} />
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <CertDetails cert={c} badge={<TrustBadge cert={c} trust={trust} />} />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
