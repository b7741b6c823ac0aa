import { Autocomplete, Button, Checkbox, Group, Modal, PasswordInput, Stack, TagsInput, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LabStatus, LabTableRow } from '../../../shared/lab/lab-api';
import { OWN_TOPIC_RIGHTS } from '../../../shared/lab/lab-config';
import { useActions } from '../../store/store-context';
import { patterns } from './lab-inputs';

/** What the modal edits: a new entry, an entry's password, or its topic rights. */
export type EntryEdit = { mode: 'add' } | { mode: 'password'; row: LabTableRow } | { mode: 'rights'; row: LabTableRow };

const TITLES = { add: 'Add to the built-in table', password: 'Change the password', rights: 'Topic rights' } as const;

/** Adds an entry to the built-in table, or changes an entry's password or topic rights. */
export function LabEntryModal({ lab, edit, onClose }: { lab: LabStatus; edit: EntryEdit | null; onClose: () => void }) {
  const { setLabEntry } = useActions();
  const [cn, setCn] = useState('');
  const [password, setPassword] = useState('');
  const [useIdentity, setUseIdentity] = useState(true);
  const [publish, setPublish] = useState<string[]>([]);
  const [subscribe, setSubscribe] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const rights = edit && edit.mode !== 'add' ? edit.row.rights : OWN_TOPIC_RIGHTS;
    setCn(edit && edit.mode !== 'add' ? edit.row.commonName : '');
    setPassword('');
    setUseIdentity(edit?.mode === 'add');
    setPublish([...rights.publish]);
    setSubscribe([...rights.subscribe]);
    setError(null);
  }, [edit]);
  if (!edit) return null;
  const commonName = cn.trim();
  // A demo identity of this CN: its profile's password can be used without typing (or seeing) it.
  const identity = lab.identities.find((i) => i.commonName === commonName);
  const fromIdentity = edit.mode !== 'rights' && identity !== undefined && useIdentity;
  const needsPassword = edit.mode !== 'rights' && !fromIdentity;
  const ready = commonName.length > 0 && (!needsPassword || password.length > 0);
  const save = async () => {
    setBusy(true);
    const r = await setLabEntry({
      commonName,
      ...(edit.mode === 'rights' ? {} : { password: fromIdentity ? { identity: identity!.name } : { text: password } }),
      ...(edit.mode === 'password' ? {} : { rights: { publish: patterns(publish), subscribe: patterns(subscribe) } }),
    });
    setBusy(false);
    if (r.ok) onClose();
    else setError(r.error.message);
  };
  const taken = edit.mode === 'add' && lab.table.some((row) => row.commonName === commonName);
  return (
    <Modal
      opened
      onClose={onClose}
      title={edit.mode === 'add' ? TITLES.add : `${TITLES[edit.mode]}: ${edit.row.commonName}`}
      centered
      size="lg"
    >
      <Stack gap="sm" data-testid="lab-entry-modal">
        {edit.mode === 'add' && (
          <Autocomplete
            label="Certificate CN"
            data={lab.identities.flatMap((i) =>
              i.commonName && !lab.table.some((r) => r.commonName === i.commonName) ? [i.commonName] : [],
            )}
            value={cn}
            onChange={setCn}
            error={taken ? 'This CN is in the table already: change its password or rights there.' : undefined}
            data-autofocus
          />
        )}
        {edit.mode !== 'rights' && identity && (
          <Checkbox
            label={`Use the password of ${identity.name}'s profile`}
            checked={useIdentity}
            onChange={(e) => setUseIdentity(e.currentTarget.checked)}
          />
        )}
        {needsPassword && (
          <PasswordInput
            label={edit.mode === 'add' ? 'Password' : 'New password'}
            description="Kept as a salted SHA-256 hash"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        )}
        {edit.mode !== 'password' && (
          <>
            <TagsInput
              label="May publish to"
              description="MQTT filters with %C (CN), %u (username), %c (client id); Enter after each"
              value={publish}
              onChange={setPublish}
              data-testid="rights-publish"
            />
            <TagsInput label="May subscribe to" value={subscribe} onChange={setSubscribe} data-testid="rights-subscribe" />
            {publish.length + subscribe.length === 0 && (
              <Text fz="xs" c="dimmed">
                No rights: this identity may connect and do nothing else.
              </Text>
            )}
          </>
        )}
        {error && (
          <Text fz="sm" c="red">
            {error}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} disabled={!ready || taken} loading={busy} data-testid="lab-entry-save">
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
