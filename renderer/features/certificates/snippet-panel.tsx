import { Code, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { SnippetBroker } from '../../../shared/certs/snippet';
import type { OutputInfo } from '../../../shared/certs/workbench';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** Broker product names and an example folder: the same in every language. */
const BROKERS: { value: SnippetBroker; label: string }[] = [
  { value: 'mosquitto', label: 'mosquitto' },
  { value: 'nanomq', label: 'NanoMQ' },
  { value: 'emqx', label: 'EMQX' },
];
const FOLDER_EXAMPLE = '/etc/mosquitto/certs';

/** The broker's TLS block for the files just made, with the folder they will be in. */
export function SnippetPanel({ output }: { output: OutputInfo }) {
  const { t } = useT('certificates');
  const { snippet } = useActions();
  const [broker, setBroker] = useState<SnippetBroker>('mosquitto');
  const [folder, setFolder] = useState('');
  const [port, setPort] = useState<number | string>(8883);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cert = output.files.find(
    (f) => f.path.endsWith('.pem') && !f.path.endsWith('-key.pem') && f.path !== 'ca.pem' && f.path !== 'crl.pem',
  );
  const key = output.files.find((f) => f.path.endsWith('-key.pem'));
  const crl = output.files.some((f) => f.path === 'crl.pem');
  useEffect(() => {
    if (!cert || !key) return;
    const dir = folder.trim().replace(/\/+$/, '');
    const at = (p: string) => (dir ? `${dir}/${p}` : p);
    let live = true;
    void snippet({
      broker,
      port: typeof port === 'number' ? port : 8883,
      caFile: at('ca.pem'),
      certFile: at(cert.path),
      keyFile: at(key.path),
      ...(crl ? { crlFile: at('crl.pem') } : {}),
    }).then((r) => {
      if (!live) return;
      setText(r.ok ? r.value.text : '');
      setError(r.ok ? null : r.error.message);
    });
    return () => {
      live = false;
    };
  }, [broker, folder, port, cert, key, crl, snippet]);
  if (!cert || !key) return null;
  return (
    <Stack gap="xs" data-testid="snippet-panel">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('snippet.broker')}
          data={BROKERS}
          value={broker}
          onChange={(v) => v && setBroker(v as SnippetBroker)}
          allowDeselect={false}
          w={140}
        />
        <TextInput
          label={t('snippet.folder')}
          placeholder={FOLDER_EXAMPLE}
          value={folder}
          onChange={(e) => setFolder(e.currentTarget.value)}
          w={300}
        />
        <NumberInput label={t('snippet.port')} value={port} onChange={setPort} min={1} max={65535} w={100} />
      </Group>
      {error ? (
        <Text c="red" fz="sm" role="alert">
          {error}
        </Text>
      ) : (
        <Code block data-testid="snippet-text">
          {text}
        </Code>
      )}
    </Stack>
  );
}
