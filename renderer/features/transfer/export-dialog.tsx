import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  PasswordInput,
  Progress,
  Radio,
  ScrollArea,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Profile } from '../../../shared/profile/profile';
import { selectAppInfo, selectDialog, selectGroups, selectProfiles, selectStoreStatus } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import {
  exportFormErrors,
  exportRequestOf,
  heldSecrets,
  passphraseStrength,
  plannedMissing,
  secretKindsText,
  type ExportForm,
} from './export-plan';

/** Export profiles to a `.keyhole.json` file: which ones, and whether with their secrets (sealed by a passphrase). */
export function ExportDialog() {
  const dialog = useAppStore(selectDialog);
  const { closeDialog } = useActions();
  const opened = dialog?.kind === 'export';
  return (
    <Modal opened={opened} onClose={closeDialog} title="Export profiles" size="lg" centered data-testid="export-dialog">
      {opened && <ExportBody initialIds={dialog.profileIds} onDone={closeDialog} />}
    </Modal>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function ExportBody({ initialIds, onDone }: { initialIds: string[] | null; onDone: () => void }) {
  const profiles = useAppStore(selectProfiles);
  const groups = useAppStore(selectGroups);
  const status = useAppStore(selectStoreStatus);
  const info = useAppStore(selectAppInfo);
  const { exportProfiles, notify } = useActions();
  const [form, setForm] = useState<ExportForm>({ profileIds: initialIds, withSecrets: false, passphrase: '', confirm: '' });
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const chosen: Profile[] = useMemo(
    () => (form.profileIds === null ? profiles : profiles.filter((p) => form.profileIds?.includes(p.id))),
    [profiles, form.profileIds],
  );
  const lockedIds = useMemo(() => new Set(status?.lockedSecrets?.profiles.map((p) => p.id) ?? []), [status]);
  const missing = plannedMissing(chosen, form.withSecrets, lockedIds);
  const errors = exportFormErrors(form);
  // Before the first try, a mismatch shows only once the confirmation is as long as the passphrase.
  const shown = submitted
    ? errors
    : { confirm: form.confirm.length >= form.passphrase.length && form.confirm ? errors.confirm : undefined };
  const strength = passphraseStrength(form.passphrase);
  const saveDialog = info?.capabilities.saveDialog === true;

  const toggle = (id: string, on: boolean) =>
    setForm((f) => {
      const ids = new Set(f.profileIds ?? profiles.map((p) => p.id));
      if (on) ids.add(id);
      else ids.delete(id);
      // Kept in sidebar order, so the file lists them as the user sees them.
      return { ...f, profileIds: profiles.filter((p) => ids.has(p.id)).map((p) => p.id) };
    });

  const submit = async () => {
    setSubmitted(true);
    setFailure(null);
    if (Object.keys(errors).length) return;
    setBusy(true);
    const r = await exportProfiles(exportRequestOf(form));
    setBusy(false);
    if (!r.ok) {
      // Closing the save dialog is a change of mind, not an error.
      if (r.error.code !== 'cancelled') setFailure(r.error.message);
      return;
    }
    const where = r.value.kind === 'saved' ? r.value.path : r.value.fileName;
    const lacking = r.value.missingSecrets.filter((m) => m.missing.length > 0);
    if (form.withSecrets && lacking.length) {
      notify(
        'yellow',
        `Exported ${plural(r.value.profiles, 'profile')} to ${where}; the secrets of ${lacking.map((m) => `“${m.name}”`).join(', ')} could not be decrypted and are not in it.`,
      );
    } else {
      notify(
        'green',
        `Exported ${plural(r.value.profiles, 'profile')} to ${where}${form.withSecrets ? ', secrets sealed with your passphrase' : ', without secrets'}.`,
      );
    }
    onDone();
  };

  const groupName = (id: string | null) => (id ? (groups.find((g) => g.id === id)?.name ?? null) : null);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="export-form"
    >
      <Stack gap="md">
        <Radio.Group
          label="Profiles"
          value={form.profileIds === null ? 'all' : 'selected'}
          onChange={(v) => setForm((f) => ({ ...f, profileIds: v === 'all' ? null : (f.profileIds ?? profiles.map((p) => p.id)) }))}
          error={submitted ? errors.selection : undefined}
        >
          <Group mt={6} gap="lg">
            <Radio value="all" label={`All profiles (${profiles.length})`} />
            <Radio value="selected" label={`Selected (${form.profileIds === null ? profiles.length : form.profileIds.length})`} />
          </Group>
        </Radio.Group>
        {form.profileIds !== null && (
          <ScrollArea.Autosize mah={220} type="auto" offsetScrollbars>
            <Stack gap={6} role="group" aria-label="Profiles to export" data-testid="export-selection">
              {profiles.map((p) => (
                <Checkbox
                  key={p.id}
                  checked={form.profileIds?.includes(p.id) ?? true}
                  onChange={(e) => toggle(p.id, e.currentTarget.checked)}
                  label={p.name}
                  description={[groupName(p.groupId), `${p.settings.protocol}://${p.settings.host}:${p.settings.port}`]
                    .filter(Boolean)
                    .join(' · ')}
                />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}

        <Switch
          label="Include secrets"
          description="Private keys, PKCS#12 bundles, key passphrases and passwords, sealed in the file with a passphrase (scrypt + AES-256-GCM)."
          checked={form.withSecrets}
          onChange={(e) => {
            const withSecrets = e.currentTarget.checked;
            setForm((f) => ({ ...f, withSecrets }));
          }}
        />
        {form.withSecrets && (
          <Stack gap="xs">
            <PasswordInput
              label="Passphrase"
              description="Whoever imports the file needs it. Send it by another way than the file."
              value={form.passphrase}
              onChange={(e) => {
                const passphrase = e.currentTarget.value;
                setForm((f) => ({ ...f, passphrase }));
              }}
              error={'passphrase' in shown ? shown.passphrase : undefined}
              autoComplete="new-password"
              data-autofocus
            />
            {form.passphrase.length > 0 && (
              <Stack gap={2} data-testid="passphrase-strength" data-score={strength.score}>
                <Progress value={(strength.score / 4) * 100} color={strength.color} size="sm" aria-hidden />
                <Text fz="xs" c={strength.color === 'yellow' ? 'yellow.8' : strength.color}>
                  Strength: {strength.label}
                  {strength.advice ? `. ${strength.advice}` : ''}
                </Text>
              </Stack>
            )}
            <PasswordInput
              label="Confirm passphrase"
              value={form.confirm}
              onChange={(e) => {
                const confirm = e.currentTarget.value;
                setForm((f) => ({ ...f, confirm }));
              }}
              error={shown.confirm}
              autoComplete="new-password"
            />
          </Stack>
        )}

        {missing.length > 0 && (
          <Alert
            color={form.withSecrets ? 'yellow' : 'gray'}
            variant="light"
            data-testid="export-missing-secrets"
            title={
              form.withSecrets
                ? 'Some secrets cannot be decrypted here and will be missing'
                : 'Not in the file: whoever imports it enters these again'
            }
          >
            <List size="sm" spacing={2}>
              {missing.map((m) => (
                <List.Item key={m.profileId}>
                  <Text span fw={600} fz="sm">
                    {m.name}
                  </Text>
                  : {secretKindsText(m.missing)}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {missing.length === 0 && chosen.length > 0 && (
          <Text fz="sm" c="dimmed" data-testid="export-complete">
            {chosen.some((p) => heldSecrets(p).length > 0)
              ? 'Every secret of these profiles goes into the file, sealed with this passphrase.'
              : 'These profiles hold no secrets: the file has everything they need.'}
          </Text>
        )}

        {failure && (
          <Alert color="red" variant="light" title="The export failed" data-testid="export-error">
            {failure}
          </Alert>
        )}
        <Group justify="space-between">
          <Text fz="xs" c="dimmed">
            {saveDialog ? 'You choose where the file goes next.' : 'The browser downloads it as a .keyhole.json file.'}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={chosen.length === 0} data-testid="export-submit">
              {`Export ${plural(chosen.length, 'profile')}${saveDialog ? '…' : ''}`}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
