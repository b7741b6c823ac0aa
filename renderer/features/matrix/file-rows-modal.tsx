import { Button, FileInput, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FileSource } from '../../../shared/ipc/file-source';
import { fileToBase64 } from '../../api/file-bytes';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

const asSource = async (f: File | null): Promise<FileSource | undefined> =>
  f ? { source: 'bytes', fileName: f.name.slice(0, 255), base64: await fileToBase64(f) } : undefined;

/** Adds one identity from its files: a certificate and key, or a PKCS#12 bundle, with username and password. */
export function FileRowsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useT(['matrix', 'common']);
  const { addMatrixRows } = useActions();
  const [name, setName] = useState('');
  const [cert, setCert] = useState<File | null>(null);
  const [key, setKey] = useState<File | null>(null);
  const [pfx, setPfx] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    const [c, k, p] = await Promise.all([asSource(cert), asSource(key), asSource(pfx)]);
    const r = await addMatrixRows({
      kind: 'files',
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(c ? { cert: c } : {}),
      ...(k ? { key: k } : {}),
      ...(p ? { pfx: p } : {}),
      ...(passphrase ? (p ? { pfxPassword: passphrase } : { passphrase }) : {}),
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    });
    setBusy(false);
    // The form stays filled when the host refuses, so nothing typed is lost.
    if (!r.ok) return setProblem(r.error.message);
    setProblem(null);
    setCert(null);
    setKey(null);
    setPfx(null);
    setPassphrase('');
    setPassword('');
    setName('');
    onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('fromFiles.title')}>
      <Stack gap="xs">
        <TextInput
          label={t('fromFiles.name')}
          placeholder={t('fromFiles.namePlaceholder')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <FileInput label={t('fromFiles.cert')} clearable value={cert} onChange={setCert} />
        <FileInput label={t('fromFiles.key')} clearable value={key} onChange={setKey} />
        <FileInput label={t('fromFiles.pfx')} clearable value={pfx} onChange={setPfx} />
        <PasswordInput
          label={pfx ? t('fromFiles.pfxPassword') : t('fromFiles.passphrase')}
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
        />
        <TextInput label={t('fromFiles.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
        <PasswordInput label={t('fromFiles.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
        {problem && (
          <Text c="red" fz="sm" data-testid="matrix-files-problem">
            {problem}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button onClick={() => void add()} disabled={!cert && !pfx && !username} loading={busy}>
            {t('fromFiles.add')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
