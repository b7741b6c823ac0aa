import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Trans } from 'react-i18next';
import { formatDateTime, quotedList } from '../../i18n/format';
import { i18n } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';
import type { StoreRecovery } from '../../../shared/profile/store-status';
import { selectNoticeDismissals, selectSettings, selectStoreStatus } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { storeNotices, type StoreNotice } from '../../store/store-status-slice';
import { copyText } from '../../ui/download';
import { DiscardLockedModal } from './discard-locked-modal';

// Called while rendering a component that follows the language (useT), so the instance's `t` is current.
const t = i18n.getFixedT(null, ['storeStatus', 'common']);

/** What was left behind in the copy, in words; null when everything was taken over. */
export function droppedText(r: StoreRecovery): string | null {
  const parts: string[] = [];
  if (r.dropped.profiles) parts.push(t('profiles', { count: r.dropped.profiles }));
  if (r.dropped.groups) parts.push(t('groups', { count: r.dropped.groups }));
  if (r.dropped.other) parts.push(t('otherEntries', { count: r.dropped.other }));
  return parts.length ? parts.join(t('common:listSeparator')) : null;
}

/** What became of the damaged store's content, in words. */
export function recoveryOutcome(r: StoreRecovery): string {
  const dropped = droppedText(r);
  const when = formatDateTime(r.at);
  if (r.kept.profiles === 0 && r.kept.groups === 0) {
    const nothing = t('recovered.nothingKept', { when });
    return r.path ? `${nothing} ${t('recovered.copyUnchanged')}` : nothing;
  }
  const kept = { profiles: t('profiles', { count: r.kept.profiles }), groups: t('groups', { count: r.kept.groups }), when };
  return dropped ? t('recovered.keptDropped', { ...kept, dropped }) : t('recovered.kept', kept);
}

/**
 * The profile store's notices above the main pane: a store recovered from a damaged file (until
 * dismissed), a read-only store, secrets that cannot be decrypted, and secrets kept without
 * real protection on this machine.
 */
export function StoreNotices() {
  useT('storeStatus');
  const status = useAppStore(selectStoreStatus);
  const settings = useAppStore(selectSettings);
  const dismissals = useAppStore(selectNoticeDismissals);
  const notices = useMemo(() => storeNotices(status, { ...settings?.ui, ...dismissals }), [status, settings, dismissals]);
  if (notices.length === 0) return null;
  return (
    <Stack gap={0} data-testid="store-notices" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      {notices.map((n, i) => (
        <div key={n.kind} style={i > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}>
          <StoreNoticeView notice={n} />
        </div>
      ))}
    </Stack>
  );
}

function StoreNoticeView({ notice }: { notice: StoreNotice }) {
  const { t } = useT('storeStatus');
  const { dismissRecoveryNotice, dismissInsecureSecretsNotice } = useActions();
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  switch (notice.kind) {
    case 'read-only':
      return (
        <Alert color="red" variant="light" radius={0} title={t('readOnly.title')} data-testid="store-notice-read-only">
          {notice.reason}
        </Alert>
      );
    case 'recovered': {
      const r = notice.recovery;
      return (
        <Alert
          color="orange"
          variant="light"
          radius={0}
          title={t('recovered.title')}
          withCloseButton
          closeButtonLabel={t('recovered.dismiss')}
          onClose={() => void dismissRecoveryNotice()}
          data-testid="store-notice-recovered"
          data-copy={r.path ?? undefined}
        >
          <Stack gap={6}>
            <Text fz="sm">
              <Trans t={t} i18nKey="recovered.couldNotUse" values={{ location: notice.location }} components={[<Code key="location" />]} />{' '}
              {r.reason}
            </Text>
            {r.path ? (
              <Group gap="xs" wrap="nowrap">
                <Text fz="sm">
                  <Trans
                    t={t}
                    i18nKey="recovered.copiedTo"
                    values={{ path: r.path }}
                    components={[<Code key="path" data-testid="store-recovery-copy" />]}
                  />
                </Text>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() =>
                    void copyText(r.path ?? '').then((ok) => {
                      setCopied(ok);
                      if (ok) setTimeout(() => setCopied(false), 1500);
                    })
                  }
                >
                  {copied ? t('recovered.copied') : t('recovered.copyPath')}
                </Button>
              </Group>
            ) : (
              <Text fz="sm" fw={600}>
                {t('recovered.notCopied')}
              </Text>
            )}
            <Text fz="sm" data-testid="store-recovery-kept">
              {recoveryOutcome(r)}
            </Text>
          </Stack>
        </Alert>
      );
    }
    case 'locked-secrets': {
      const l = notice.locked;
      return (
        <Alert color="yellow" variant="light" radius={0} title={t('locked.title', { count: l.count })} data-testid="store-notice-locked">
          <Stack gap={6}>
            <Text fz="sm">
              {l.reason} {t('locked.affected', { profiles: quotedList(l.profiles.map((p) => p.name)) || t('locked.noProfile') })}{' '}
              {t('locked.until', { count: l.profiles.length })}
            </Text>
            <Group>
              <Button size="xs" color="red" variant="light" onClick={() => setConfirming(true)}>
                {t('locked.discardMore')}
              </Button>
            </Group>
          </Stack>
          <DiscardLockedModal opened={confirming} locked={l} onClose={() => setConfirming(false)} />
        </Alert>
      );
    }
    case 'insecure-secrets': {
      const b = notice.backend;
      return (
        <Alert
          color="yellow"
          variant="light"
          radius={0}
          title={b.secure ? t('insecure.titleAbout') : t('insecure.title')}
          withCloseButton
          closeButtonLabel={t('insecure.dismiss')}
          onClose={() => void dismissInsecureSecretsNotice()}
          data-testid="store-notice-insecure"
        >
          <Text fz="sm">
            {b.warning ?? t('insecure.obfuscated')}
            {/* The detail (a path, a backend name) is shown unless the warning already names it. */}
            {b.detail && !(b.warning ?? '').includes(b.detail) ? ` (${b.detail})` : ''}
          </Text>
        </Alert>
      );
    }
    default: {
      const never: never = notice;
      return never;
    }
  }
}
