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
import { Trans } from 'react-i18next';
import { formatNumber } from '../../i18n/format';
import { chooseLanguage } from '../../i18n/language-sync';
import { currentLanguage } from '../../i18n/i18n';
import { LANGUAGES, type Language } from '../../i18n/languages';
import { useT } from '../../i18n/use-t';
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
  const { t } = useT('settings');
  const dialog = useAppStore(selectDialog);
  const { closeDialog } = useActions();
  const opened = dialog?.kind === 'settings';
  return (
    <Modal opened={opened} onClose={closeDialog} title={t('title')} size="lg" centered>
      {opened && <SettingsBody onClose={closeDialog} />}
    </Modal>
  );
}

function SettingsBody({ onClose }: { onClose: () => void }) {
  const { t } = useT(['settings', 'common']);
  const settings = useAppStore(selectSettings);
  const status = useAppStore(selectStoreStatus);
  const info = useAppStore(selectAppInfo);
  const historyLimit = useAppStore((s) => s.historyLimit);
  const { saveSettings, savePreference, notify } = useActions();
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
    notify('green', t('saved'));
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
        <Input.Wrapper label={t('theme')}>
          <SegmentedControl
            mt={4}
            aria-label={t('theme')}
            value={colorScheme}
            onChange={(v) => setColorScheme(v as MantineColorScheme)}
            data={[
              { value: 'auto', label: t('themes.auto') },
              { value: 'light', label: t('themes.light') },
              { value: 'dark', label: t('themes.dark') },
            ]}
          />
        </Input.Wrapper>
        <Input.Wrapper label={t('language')}>
          <SegmentedControl
            mt={4}
            aria-label={t('language')}
            data-testid="settings-language"
            value={currentLanguage()}
            onChange={(v) => void chooseLanguage(v as Language, savePreference)}
            data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
          />
        </Input.Wrapper>
        <NumberInput
          label={t('history.label')}
          description={t('history.description')}
          min={MIN_HISTORY_LIMIT}
          max={MAX_HISTORY_LIMIT}
          step={1000}
          allowDecimal={false}
          thousandSeparator={formatNumber(1000).replace(/\d/g, '') || undefined}
          value={history}
          onChange={setHistory}
          error={historyOk ? undefined : t('between', { min: formatNumber(MIN_HISTORY_LIMIT), max: formatNumber(MAX_HISTORY_LIMIT) })}
        />
        <NumberInput
          label={t('reports.label')}
          description={t('reports.description')}
          min={1}
          max={MAX_REPORTS_PER_PROFILE}
          allowDecimal={false}
          value={reports}
          onChange={setReports}
          error={reportsOk ? undefined : t('between', { min: 1, max: MAX_REPORTS_PER_PROFILE })}
        />
        <NumberInput
          label={t('expiry.label')}
          description={t('expiry.description')}
          min={0}
          max={MAX_CERT_EXPIRY_WARNING_DAYS}
          allowDecimal={false}
          value={expiryDays}
          onChange={setExpiryDays}
          error={expiryOk ? undefined : t('between', { min: 0, max: MAX_CERT_EXPIRY_WARNING_DAYS })}
        />
        {status && (
          <Stack gap={4}>
            <Title order={3} fz="sm">
              {t('storage')}
            </Title>
            <Text fz="sm">
              <Trans
                t={t}
                i18nKey="profilesAt"
                values={{ location: status.location, format: status.schemaVersion }}
                components={[<Code key="location" />]}
              />
            </Text>
            <Text fz="sm" data-testid="settings-secret-backend">
              {t('sealedWith', { backend: t(`backends.${status.secretBackend.kind}`) })}
              {status.secretBackend.detail ? (
                <>
                  : <Code>{status.secretBackend.detail}</Code>
                </>
              ) : null}
              {status.secretBackend.secure ? '' : t('notSecure')}
            </Text>
            {info && (
              <Text fz="xs" c="dimmed">
                Keyhole {info.version} · {t(info.host === 'web' ? 'hosts.web' : 'hosts.desktop')} · {info.platform}
              </Text>
            )}
          </Stack>
        )}
        {failure && (
          <Alert color="red" variant="light" title={t('notSaved')}>
            {failure}
          </Alert>
        )}
        <Group justify="flex-end" className="keyhole-dialog-footer">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={busy} disabled={!historyOk || !reportsOk || !expiryOk || !settings}>
            {t('common:save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
