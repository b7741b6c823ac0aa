import { Autocomplete, Button, Checkbox, Group, Modal, PasswordInput, Stack, TagsInput, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LabStatus, LabTableRow } from '../../../shared/lab/lab-api';
import { OWN_TOPIC_RIGHTS } from '../../../shared/lab/lab-config';
import { useActions } from '../../store/store-context';
import { patterns } from './lab-inputs';
import { useT } from '../../i18n/use-t';

/** What the modal edits: a new entry, an entry's password, or its topic rights. */
export type EntryEdit = { mode: 'add' } | { mode: 'password'; row: LabTableRow } | { mode: 'rights'; row: LabTableRow };

/** Adds an entry to the built-in table, or changes an entry's password or topic rights. */
export function LabEntryModal({ lab, edit, onClose }: { lab: LabStatus; edit: EntryEdit | null; onClose: () => void }) {
  const { t } = useT(['lab', 'common']);
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
      title={
        edit.mode === 'add' ? t('entry.titles.add') : t('entry.titleOf', { title: t(`entry.titles.${edit.mode}`), cn: edit.row.commonName })
      }
      centered
      size="lg"
    >
      <Stack gap="sm" data-testid="lab-entry-modal">
        {edit.mode === 'add' && (
          <Autocomplete
            label={t('entry.cn')}
            data={lab.identities.flatMap((i) =>
              i.commonName && !lab.table.some((r) => r.commonName === i.commonName) ? [i.commonName] : [],
            )}
            value={cn}
            onChange={setCn}
            error={taken ? t('entry.taken') : undefined}
            data-autofocus
          />
        )}
        {edit.mode !== 'rights' && identity && (
          <Checkbox
            label={t('entry.useIdentity', { name: identity.name })}
            checked={useIdentity}
            onChange={(e) => setUseIdentity(e.currentTarget.checked)}
          />
        )}
        {needsPassword && (
          <PasswordInput
            label={edit.mode === 'add' ? t('entry.password') : t('entry.newPassword')}
            description={t('entry.hashed')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        )}
        {edit.mode !== 'password' && (
          <>
            <TagsInput
              label={t('entry.publish')}
              description={t('entry.publishHint')}
              value={publish}
              onChange={setPublish}
              data-testid="rights-publish"
            />
            <TagsInput label={t('entry.subscribe')} value={subscribe} onChange={setSubscribe} data-testid="rights-subscribe" />
            {publish.length + subscribe.length === 0 && (
              <Text fz="xs" c="dimmed">
                {t('entry.noRights')}
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
            {t('common:cancel')}
          </Button>
          <Button onClick={() => void save()} disabled={!ready || taken} loading={busy} data-testid="lab-entry-save">
            {t('common:save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
