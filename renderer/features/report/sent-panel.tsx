import { Code, Stack, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { KeyValueTable } from '../../ui/key-value-table';
import { ValidityBadge } from '../../ui/validity-badge';
import { YesNo } from '../../ui/yes-no';
import { certName, shortFingerprint } from './report-format';

/** What we presented: the client certificate summary and the CONNECT fields (never secrets). */
export function SentPanel({ report }: { report: ConnectReport }) {
  const cert = report.tls?.clientCertificate ?? null;
  const mqtt = report.mqtt;
  return (
    <Stack gap={4}>
      <KeyValueTable
        label="What we sent"
        rows={[
          {
            label: 'Client certificate',
            value: cert ? (
              <span>
                <Text span fw={600}>
                  {certName(cert)}
                </Text>{' '}
                issued by {cert.issuerCommonName ?? cert.issuer} <ValidityBadge cert={cert} />{' '}
                <Code title={cert.fingerprint256}>{shortFingerprint(cert.fingerprint256)}</Code>
              </span>
            ) : report.tls?.clientCertificateRequested === false ? (
              'none: the broker asked for no client certificate'
            ) : (
              'none'
            ),
          },
          { label: 'MQTT version', value: mqtt?.version },
          { label: 'Client id', value: mqtt && <Code>{mqtt.clientId || '(empty)'}</Code> },
          { label: 'Username', value: mqtt?.username },
          { label: 'Password sent', value: mqtt && <YesNo value={mqtt.passwordSent} good={mqtt.passwordSent} /> },
          { label: 'Clean start', value: mqtt && <YesNo value={mqtt.cleanStart} good={mqtt.cleanStart} /> },
          { label: 'Keepalive', value: mqtt && `${mqtt.keepalive} s` },
        ]}
      />
    </Stack>
  );
}
