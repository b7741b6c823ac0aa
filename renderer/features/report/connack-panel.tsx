import { Code, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { formatCode } from '../../../shared/mqtt/reason-codes';
import { KeyValueTable } from '../../ui/key-value-table';
import { YesNo } from '../../ui/yes-no';
import { useT } from '../../i18n/use-t';

/** The broker's MQTT answer: CONNACK code, name, reason string and properties. */
export function ConnackPanel({ report }: { report: ConnectReport }) {
  const { t } = useT('report');
  const mqtt = report.mqtt;
  if (!mqtt || mqtt.connackCode === null)
    return (
      <Text fz="sm" c="dimmed">
        {t('connack.none')}
      </Text>
    );
  const props = mqtt.connackProperties;
  return (
    <KeyValueTable
      label="CONNACK"
      rows={[
        {
          label: t('connack.code'),
          value: <Code data-testid="connack-code">{mqtt.version === '5' ? formatCode(mqtt.connackCode) : String(mqtt.connackCode)}</Code>,
        },
        { label: t('connack.name'), value: mqtt.connackName },
        { label: t('connack.reasonString'), value: report.evidence.connack?.reasonString },
        { label: t('connack.sessionPresent'), value: <YesNo value={mqtt.sessionPresent} good={mqtt.sessionPresent ?? true} /> },
        {
          label: t('connack.properties'),
          value: props && Object.keys(props).length > 0 ? <Code block>{JSON.stringify(props, null, 2)}</Code> : null,
        },
      ]}
    />
  );
}
