import {
  Alert,
  Button,
  Code,
  Group,
  Input,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import { useState } from 'react';
import {
  DEFAULT_CERT_EXPIRY_WARNING_DAYS,
  MAX_CERT_EXPIRY_WARNING_DAYS,
  MAX_REPORTS_PER_PROFILE,
} from '../../../shared/profile/app-settings';
import { selectAppInfo, selectDialog, selectSettings, selectStoreStatus } from '../../store/selectors';
import { historyLimitOf, MAX_HISTORY_LIMIT, MIN_HISTORY_LIMIT, PREF } from '../../store/settings-slice';
import { useActions, useAppStore } from '../../store/store-context';
import type { MantineColorScheme } from '@mantine/core';

/** Settings kept with the host (theme, message history, reports kept) and where the store lives. */
export function SettingsDialog() {
  const dialog = useAppStore(selectDialog);
  const { closeDialog } = useActions();
  const opened = dialog?.kind === 'settings';
  return (
    <Modal opened={opened} onClose={closeDialog} title="Settings" size="lg" centered>
      {opened && <SettingsBody onClose={closeDialog} />}
    </Modal>
  );
}

const BACKENDS = {
  'safe-storage': 'the operating system’s keychain',
  'key-file': 'a key file (AES-256-GCM)',
  memory: 'nothing: secrets are kept in memory only',
} as const;

function SettingsBody({ onClose }: { onClose: () => void }) {
  const settings = useAppStore(selectSettings);
  const status = useAppStore(selectStoreStatus);
  const info = useAppStore(selectAppInfo);
  const historyLimit = useAppStore((s) => s.historyLimit);
  const { saveSettings, notify } = useActions();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const [history, setHistory] = useState<number | string>(historyLimitOf(settings) ?? historyLimit);
  const [reports, setReports] = useState<number | string>(settings?.reportsPerProfile ?? MAX_REPORTS_PER_PROFILE);
  const [expiryDays, setExpiryDays] = useState<number | string>(settings?.certExpiryWarningDays ?? DEFAULT_CERT_EXPIRY_WARNING_DAYS);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const historyOk =
    typeof history === 'number' && Number.isInteger(history) && history >= MIN_HISTORY_LIMIT && history <= MAX_HISTORY_LIMIT;
  const reportsOk = typeof reports === 'number' && Number.isInteger(reports) && reports >= 1 && reports <= MAX_REPORTS_PER_PROFILE;
  const expiryOk =
    typeof expiryDays === 'number' && Number.isInteger(expiryDays) && expiryDays >= 0 && expiryDays <= MAX_CERT_EXPIRY_WARNING_DAYS;

  const save = async () => {
    if (!historyOk || !reportsOk || !expiryOk) return;
    setBusy(true);
    setFailure(null);
    const r = await saveSettings({
      reportsPerProfile: reports,
      certExpiryWarningDays: expiryDays,
      ui: { [PREF.messageHistoryLimit]: history },
    });
    setBusy(false);
    if (!r.ok) return setFailure(r.error.message);
    notify('green', 'Settings saved');
    onClose();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="md">
        <Input.Wrapper label="Theme">
          <SegmentedControl
            mt={4}
            aria-label="Theme"
            value={colorScheme}
            onChange={(v) => setColorScheme(v as MantineColorScheme)}
            data={[
              { value: 'auto', label: 'System' },
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
            ]}
          />
        </Input.Wrapper>
        <NumberInput
          label="Messages kept per connection"
          description="The oldest are dropped beyond this, in this window."
          min={MIN_HISTORY_LIMIT}
          max={MAX_HISTORY_LIMIT}
          step={1000}
          allowDecimal={false}
          thousandSeparator=" "
          value={history}
          onChange={setHistory}
          error={historyOk ? undefined : `Between ${MIN_HISTORY_LIMIT} and ${MAX_HISTORY_LIMIT.toLocaleString('en')}`}
        />
        <NumberInput
          label="Attempt reports kept per profile"
          description="Stored with the profiles; the oldest are dropped beyond this."
          min={1}
          max={MAX_REPORTS_PER_PROFILE}
          allowDecimal={false}
          value={reports}
          onChange={setReports}
          error={reportsOk ? undefined : `Between 1 and ${MAX_REPORTS_PER_PROFILE}`}
        />
        <NumberInput
          label="Warn when a certificate expires within (days)"
          description="A client or broker certificate this close to its end date is a warning in the report; 0 turns the warning off."
          min={0}
          max={MAX_CERT_EXPIRY_WARNING_DAYS}
          allowDecimal={false}
          value={expiryDays}
          onChange={setExpiryDays}
          error={expiryOk ? undefined : `Between 0 and ${MAX_CERT_EXPIRY_WARNING_DAYS}`}
        />
        {status && (
          <Stack gap={4}>
            <Title order={3} fz="sm">
              Storage
            </Title>
            <Text fz="sm">
              Profiles: <Code>{status.location}</Code> (format {status.schemaVersion})
            </Text>
            <Text fz="sm" data-testid="settings-secret-backend">
              Secrets sealed with {BACKENDS[status.secretBackend.kind]}
              {status.secretBackend.detail ? (
                <>
                  : <Code>{status.secretBackend.detail}</Code>
                </>
              ) : null}
              {status.secretBackend.secure ? '' : ' (not secure on this machine)'}
            </Text>
            {info && (
              <Text fz="xs" c="dimmed">
                Keyhole {info.version} · {info.host === 'web' ? 'web host' : 'desktop app'} · {info.platform}
              </Text>
            )}
          </Stack>
        )}
        {failure && (
          <Alert color="red" variant="light" title="Not saved">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!historyOk || !reportsOk || !expiryOk || !settings}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
