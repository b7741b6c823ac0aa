import { Code } from '@mantine/core';
import type { TlsInfo } from '../../../shared/connect/report';
import { KeyValueTable } from '../../ui/key-value-table';
import { YesNo } from '../../ui/yes-no';
import { useT } from '../../i18n/use-t';

/** The negotiated TLS parameters and our verdict on the broker. */
export function TlsPanel({ tls }: { tls: TlsInfo }) {
  const { t } = useT('report');
  return (
    <KeyValueTable
      label={t('details.tls')}
      rows={[
        { label: t('tls.protocol'), value: tls.protocol && <span data-testid="tls-protocol">{tls.protocol}</span> },
        { label: t('tls.cipher'), value: tls.cipher && <Code>{tls.cipher.standardName ?? tls.cipher.name}</Code> },
        { label: t('tls.alpn'), value: tls.alpn },
        { label: t('tls.sni'), value: tls.sniSent },
        { label: t('tls.verification'), value: tls.verification },
        { label: t('tls.trusted'), value: <YesNo value={tls.authorized} /> },
        { label: t('tls.authorizationError'), value: tls.authorizationError && <Code>{tls.authorizationError}</Code> },
        { label: t('tls.hostname'), value: <YesNo value={tls.hostnameMatches} /> },
        { label: t('tls.fullVerification'), value: tls.verificationFinding },
        { label: t('tls.requested'), value: <YesNo value={tls.clientCertificateRequested} /> },
      ]}
    />
  );
}
