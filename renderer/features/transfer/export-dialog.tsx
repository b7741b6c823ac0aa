import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Profile } from '../../../shared/profile/profile';
import { selectAppInfo, selectDialog, selectGroups, selectProfiles, selectStoreStatus } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { ExportMissingSecrets } from './export-missing-secrets';
import { exportFormErrors, exportRequestOf, plannedMissing, type ExportForm } from './export-plan';
import { ExportSecretsFields } from './export-secrets-fields';
import { ExportSelection } from './export-selection';
import { quotedList } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/** Export profiles to a `.keyhole.json` file: which ones, and whether with their secrets (sealed by a passphrase). */
export function ExportDialog() {
  const { t } = useT('transfer');
  const dialog = useAppStore(selectDialog);
  const { closeDialog } = useActions();
  const opened = dialog?.kind === 'export';
  return (
    <Modal opened={opened} onClose={closeDialog} title={t('export.title')} size="lg" centered data-testid="export-dialog">
      {opened && <ExportBody initialIds={dialog.profileIds} onDone={closeDialog} />}
    </Modal>
  );
}

function ExportBody({ initialIds, onDone }: { initialIds: string[] | null; onDone: () => void }) {
  const { t } = useT(['transfer', 'common']);
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
  const saveDialog = info?.capabilities.saveDialog === true;

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
        t('export.partial', {
          profiles: t('profileCount', { count: r.value.profiles }),
          where,
          names: quotedList(lacking.map((m) => m.name)),
        }),
      );
    } else {
      notify(
        'green',
        t('export.done', {
          profiles: t('profileCount', { count: r.value.profiles }),
          where,
          how: form.withSecrets ? t('export.sealed') : t('export.plain'),
        }),
      );
    }
    onDone();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="export-form"
    >
      <Stack gap="md">
        <ExportSelection
          profiles={profiles}
          groups={groups}
          profileIds={form.profileIds}
          error={submitted ? errors.selection : undefined}
          onChange={(profileIds) => setForm((f) => ({ ...f, profileIds }))}
        />
        <ExportSecretsFields
          form={form}
          errors={{ passphrase: 'passphrase' in shown ? shown.passphrase : undefined, confirm: shown.confirm }}
          onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
        />
        <ExportMissingSecrets missing={missing} chosen={chosen} withSecrets={form.withSecrets} />

        {failure && (
          <Alert color="red" variant="light" title={t('export.failed')} data-testid="export-error">
            {failure}
          </Alert>
        )}
        <Group justify="space-between">
          <Text fz="xs" c="dimmed">
            {saveDialog ? t('export.saveDialog') : t('export.download')}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={chosen.length === 0} data-testid="export-submit">
              {`${t('export.submit', { profiles: t('profileCount', { count: chosen.length }) })}${saveDialog ? '…' : ''}`}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
