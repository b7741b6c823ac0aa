import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { StoreRecovery } from '../../../shared/profile/store-status';
import { selectNoticeDismissals, selectSettings, selectStoreStatus } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { storeNotices, type StoreNotice } from '../../store/store-status-slice';
import { copyText } from '../../ui/download';
import { DiscardLockedModal } from './discard-locked-modal';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What was left behind in the copy, in words; null when everything was taken over. */
export function droppedText(r: StoreRecovery): string | null {
  const parts: string[] = [];
  if (r.dropped.profiles) parts.push(count(r.dropped.profiles, 'profile'));
  if (r.dropped.groups) parts.push(count(r.dropped.groups, 'group'));
  if (r.dropped.other) parts.push(count(r.dropped.other, 'other entry', 'other entries'));
  return parts.length ? parts.join(', ') : null;
}

/** What became of the damaged store's content, in words. */
export function recoveryOutcome(r: StoreRecovery): string {
  const dropped = droppedText(r);
  const when = `(${new Date(r.at).toLocaleString()})`;
  if (r.kept.profiles === 0 && r.kept.groups === 0) {
    return `Nothing could be taken over from it, so Keyhole started with an empty store ${when}. ${r.path ? 'Nothing in the copy was changed or deleted.' : ''}`.trim();
  }
  return `Taken over: ${count(r.kept.profiles, 'profile')} and ${count(r.kept.groups, 'group')}${dropped ? `; left behind in the copy: ${dropped}` : ''} ${when}.`;
}

/**
 * The profile store's notices above the main pane: a store recovered from a damaged file (until
 * dismissed), a read-only store, secrets that cannot be decrypted, and secrets kept without
 * real protection on this machine.
 */
export function StoreNotices() {
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
  const { dismissRecoveryNotice, dismissInsecureSecretsNotice } = useActions();
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  switch (notice.kind) {
    case 'read-only':
      return (
        <Alert color="red" variant="light" radius={0} title="Changes cannot be saved" data-testid="store-notice-read-only">
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
          title="The profile store was damaged and has been recovered"
          withCloseButton
          closeButtonLabel="Dismiss the recovery notice"
          onClose={() => void dismissRecoveryNotice()}
          data-testid="store-notice-recovered"
          data-copy={r.path ?? undefined}
        >
          <Stack gap={6}>
            <Text fz="sm">
              Keyhole could not use <Code>{notice.location}</Code> as it was. {r.reason}
            </Text>
            {r.path ? (
              <Group gap="xs" wrap="nowrap">
                <Text fz="sm">
                  The untouched file was copied to <Code data-testid="store-recovery-copy">{r.path}</Code>
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
                  {copied ? 'Copied ✓' : 'Copy path'}
                </Button>
              </Group>
            ) : (
              <Text fz="sm" fw={600}>
                The damaged file could not be copied aside, so nothing is saved until that is fixed.
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
        <Alert
          color="yellow"
          variant="light"
          radius={0}
          title={`${count(l.count, 'stored secret')} cannot be decrypted`}
          data-testid="store-notice-locked"
        >
          <Stack gap={6}>
            <Text fz="sm">
              {l.reason} Affected: {l.profiles.map((p) => `“${p.name}”`).join(', ') || 'no listed profile'}. Connecting with{' '}
              {l.profiles.length === 1 ? 'it' : 'them'} fails until the secrets are entered again, or the key they were sealed with is
              restored.
            </Text>
            <Group>
              <Button size="xs" color="red" variant="light" onClick={() => setConfirming(true)}>
                Discard them…
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
          title={b.secure ? 'About how secrets are stored' : 'Secrets are not stored securely on this machine'}
          withCloseButton
          closeButtonLabel="Dismiss the warning about secret storage"
          onClose={() => void dismissInsecureSecretsNotice()}
          data-testid="store-notice-insecure"
        >
          <Text fz="sm">
            {b.warning ??
              'Private keys, passphrases and passwords are only obfuscated on disk: anyone who can read your files can read them.'}
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
