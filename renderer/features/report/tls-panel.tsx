import { Code } from '@mantine/core';
import type { TlsInfo } from '../../../shared/connect/report';
import { KeyValueTable } from '../../ui/key-value-table';
import { YesNo } from '../../ui/yes-no';

/** The negotiated TLS parameters and our verdict on the broker. */
export function TlsPanel({ tls }: { tls: TlsInfo }) {
  return (
    <KeyValueTable
      label="TLS parameters"
      rows={[
        { label: 'Protocol', value: tls.protocol && <span data-testid="tls-protocol">{tls.protocol}</span> },
        { label: 'Cipher', value: tls.cipher && <Code>{tls.cipher.standardName ?? tls.cipher.name}</Code> },
        { label: 'ALPN', value: tls.alpn },
        { label: 'SNI sent', value: tls.sniSent },
        { label: 'Verification', value: tls.verification },
        { label: "Broker's certificate trusted", value: <YesNo value={tls.authorized} /> },
        { label: 'Authorization error', value: tls.authorizationError && <Code>{tls.authorizationError}</Code> },
        { label: 'Host name matches', value: <YesNo value={tls.hostnameMatches} /> },
        { label: 'Full verification would say', value: tls.verificationFinding },
        { label: 'Client certificate requested', value: <YesNo value={tls.clientCertificateRequested} /> },
      ]}
    />
  );
}
