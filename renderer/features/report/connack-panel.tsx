import { Code, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { formatCode } from '../../../shared/mqtt/reason-codes';
import { KeyValueTable } from '../../ui/key-value-table';
import { YesNo } from '../../ui/yes-no';

/** The broker's MQTT answer: CONNACK code, name, reason string and properties. */
export function ConnackPanel({ report }: { report: ConnectReport }) {
  const mqtt = report.mqtt;
  if (!mqtt || mqtt.connackCode === null)
    return (
      <Text fz="sm" c="dimmed">
        No CONNACK was received.
      </Text>
    );
  const props = mqtt.connackProperties;
  return (
    <KeyValueTable
      label="CONNACK"
      rows={[
        {
          label: 'Code',
          value: <Code data-testid="connack-code">{mqtt.version === '5' ? formatCode(mqtt.connackCode) : String(mqtt.connackCode)}</Code>,
        },
        { label: 'Name', value: mqtt.connackName },
        { label: 'Reason string', value: report.evidence.connack?.reasonString },
        { label: 'Session present', value: <YesNo value={mqtt.sessionPresent} good={mqtt.sessionPresent ?? true} /> },
        {
          label: 'Properties',
          value: props && Object.keys(props).length > 0 ? <Code block>{JSON.stringify(props, null, 2)}</Code> : null,
        },
      ]}
    />
  );
}
