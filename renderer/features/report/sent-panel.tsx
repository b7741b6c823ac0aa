import { Code, Stack, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { KeyValueTable } from '../../ui/key-value-table';
import { ValidityBadge } from '../../ui/validity-badge';
import { YesNo } from '../../ui/yes-no';
import { certName, judgedClientCertificate, shortFingerprint } from './report-format';
import { useT } from '../../i18n/use-t';

/** What we presented: the client certificate summary and the CONNECT fields (never secrets). */
export function SentPanel({ report }: { report: ConnectReport }) {
  const { t } = useT('report');
  const cert = judgedClientCertificate(report);
  const ready = report.tls?.clientCertificate ?? null;
  const mqtt = report.mqtt;
  return (
    <Stack gap={4}>
      <KeyValueTable
        label={t('details.sent')}
        rows={[
          {
            label: t('sent.clientCertificate'),
            value: cert ? (
              <span>
                <Text span fw={600}>
                  {certName(cert)}
                </Text>
                {t('sent.issuedBy', { issuer: cert.issuerCommonName ?? cert.issuer })}
                <ValidityBadge cert={cert} /> <Code title={cert.fingerprint256}>{shortFingerprint(cert.fingerprint256)}</Code>
              </span>
            ) : ready ? (
              t('sent.notJudged', { name: certName(ready) })
            ) : report.tls?.clientCertificateRequested === false ? (
              t('sent.notAsked')
            ) : (
              t('sent.none')
            ),
          },
          { label: t('sent.mqttVersion'), value: mqtt?.version },
          { label: t('sent.clientId'), value: mqtt && <Code>{mqtt.clientId || t('sent.empty')}</Code> },
          { label: t('sent.username'), value: mqtt?.username },
          { label: t('sent.passwordSent'), value: mqtt && <YesNo value={mqtt.passwordSent} good={mqtt.passwordSent} /> },
          { label: t('sent.cleanStart'), value: mqtt && <YesNo value={mqtt.cleanStart} good={mqtt.cleanStart} /> },
          { label: t('sent.keepalive'), value: mqtt && `${mqtt.keepalive} s` },
        ]}
      />
    </Stack>
  );
}
