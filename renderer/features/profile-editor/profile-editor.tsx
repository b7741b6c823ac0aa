import { Alert, Badge, Button, Group, Paper, ScrollArea, Tabs, Text, Title } from '@mantine/core';
import { useWindowEvent } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Profile } from '../../../shared/profile/profile';
import { selectDraftNudge, selectProfile } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { AccessCheckField } from './access-check-field';
import { AdvancedSection } from './advanced-section';
import { GeneralSection } from './general-section';
import { draftFromForm, formFromProfile, type FieldErrors } from './profile-draft';
import { TlsSection } from './tls-section';
import { useProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

type TabName = 'general' | 'tls' | 'advanced';

const GENERAL_FIELDS = new Set([
  'name',
  'host',
  'port',
  'path',
  'preset',
  'clientId',
  'username',
  'password',
  'groupId',
  'protocol',
  'mqttVersion',
]);
const TLS_FIELDS = new Set([
  'material',
  'passphrase',
  'pfxPassword',
  'servername',
  'alpn',
  'tlsMin',
  'tlsMax',
  'verify',
  'useSystemCa',
  'keyLog',
  'keyLogFile',
]);

function tabOf(path: string): TabName {
  const head = path.split('.')[0] as string;
  if (GENERAL_FIELDS.has(head)) return 'general';
  if (TLS_FIELDS.has(head)) return 'tls';
  return 'advanced';
}

/** Fields shown above the tabs, beside the buttons: their errors show there, not as a tab's count. */
const HEADER_FIELDS = new Set(['accessCheckTopic']);

function countByTab(errors: FieldErrors): Record<TabName, number> {
  const out = { general: 0, tls: 0, advanced: 0 };
  for (const k of Object.keys(errors)) if (!HEADER_FIELDS.has(k.split('.')[0] as string)) out[tabOf(k)]++;
  return out;
}

/** Creates or edits a profile; keyed by profile so switching profiles starts afresh. */
export function ProfileEditor({ profileId, groupId }: { profileId: string | null; groupId: string | null }) {
  const { t } = useT('profileEditor');
  const profile = useAppStore(selectProfile(profileId));
  if (profileId !== null && !profile) return <Text c="dimmed">{t('gone')}</Text>;
  return <EditorForm key={profileId ?? 'new'} profile={profile ?? null} groupId={groupId} />;
}

function EditorForm({ profile, groupId }: { profile: Profile | null; groupId: string | null }) {
  const { saveProfile, navigate, setEditorDirty, connect, notify } = useActions();
  const { t } = useT('profileEditor');
  const start = useMemo(() => formFromProfile(profile, groupId), [profile, groupId]);
  const form = useProfileForm(start, profile?.secrets);
  const [tab, setTab] = useState<TabName>('general');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const nudge = useAppStore(selectDraftNudge);
  const nudgeSeen = useRef(nudge);

  useEffect(() => setEditorDirty(form.dirty), [form.dirty, setEditorDirty]);
  useEffect(() => () => setEditorDirty(false), [setEditorDirty]);
  // A closing tab or window with unsaved edits asks first (the browser shows its own prompt).
  useEffect(() => {
    if (!form.dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [form.dirty]);

  // "New connection" again while this new connection is open: show it rather than do nothing.
  useEffect(() => {
    if (profile || nudge === nudgeSeen.current) return;
    nudgeSeen.current = nudge;
    setTab('general');
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('[data-field="name"]')?.focus());
    notify('blue', t('stillOpen'));
  }, [nudge, profile, notify, t]);

  // Esc leaves the form (asking first when it has changes), unless a dialog, menu or list open over it takes the key.
  useWindowEvent('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const over = document.querySelectorAll('[role="dialog"], [role="menu"], [role="listbox"]');
    if ([...over].some((el) => el.getClientRects().length > 0)) return;
    if (e.target instanceof Element && e.target.closest('[aria-expanded="true"]')) return;
    navigate(profile ? { kind: 'connection', profileId: profile.id } : { kind: 'empty' });
  });

  const counts = form.submitted ? countByTab(form.errors) : { general: 0, tls: 0, advanced: 0 };

  const save = async (andConnect: boolean) => {
    form.setSubmitted();
    setSaveError(null);
    const out = draftFromForm(form.values, profile?.id, profile?.secrets);
    if (!out.ok) {
      form.setServerErrors(out.errors);
      const first = Object.keys(out.errors)[0];
      if (first && !HEADER_FIELDS.has(first)) setTab(tabOf(first));
      return;
    }
    setSaving(true);
    const r = await saveProfile(out.draft, out.secrets);
    setSaving(false);
    if (!r.ok) {
      if (r.error.issues)
        form.setServerErrors(Object.fromEntries(r.error.issues.map((i) => [i.path.replace(/^settings\./, ''), i.message])));
      setSaveError(r.error.message);
      return;
    }
    form.reset(formFromProfile(r.value));
    setEditorDirty(false);
    notify('green', t('saved', { name: r.value.name }));
    navigate({ kind: 'connection', profileId: r.value.id });
    if (andConnect) void connect(r.value.id);
  };

  const cancel = () => {
    setEditorDirty(false);
    navigate(profile ? { kind: 'connection', profileId: profile.id } : { kind: 'empty' });
  };

  const tabLabel = (name: string, n: number) => (
    <Group gap={6} wrap="nowrap">
      {name}
      {n > 0 && (
        <Badge size="xs" color="red" circle aria-label={t('problems', { count: n })}>
          {n}
        </Badge>
      )}
    </Group>
  );

  return (
    <form
      ref={formRef}
      data-testid="profile-editor"
      aria-label={profile ? t('editTitle', { name: profile.name }) : t('newTitle')}
      noValidate
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <Group justify="space-between" px="lg" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap="xs">
          <Title order={2} fz="lg">
            {profile ? t('editTitle', { name: profile.name }) : t('newTitle')}
          </Title>
          {form.dirty && (
            <Badge variant="light" color="yellow" data-testid="unsaved-badge">
              {t('unsaved')}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={cancel}>
            {t('cancel')}
          </Button>
          <Button variant="light" loading={saving} onClick={() => void save(true)}>
            {t('saveAndConnect')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('save')}
          </Button>
        </Group>
      </Group>
      <Group justify="flex-end" px="lg" py={6} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <AccessCheckField form={form} />
      </Group>
      {saveError && (
        <Alert color="red" variant="light" mx="lg" mt="sm" title={t('notSaved')} withCloseButton onClose={() => setSaveError(null)}>
          {saveError}
        </Alert>
      )}
      <Tabs
        value={tab}
        onChange={(t) => t && setTab(t as TabName)}
        keepMounted={false}
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List px="lg" pt="xs">
          <Tabs.Tab value="general">{tabLabel(t('tabs.general'), counts.general)}</Tabs.Tab>
          <Tabs.Tab value="tls">{tabLabel(t('tabs.tls'), counts.tls)}</Tabs.Tab>
          <Tabs.Tab value="advanced">{tabLabel(t('tabs.advanced'), counts.advanced)}</Tabs.Tab>
        </Tabs.List>
        <ScrollArea style={{ flex: 1 }} type="auto">
          <Paper p="lg" maw={980}>
            <Tabs.Panel value="general">
              <GeneralSection form={form} />
            </Tabs.Panel>
            <Tabs.Panel value="tls">
              <TlsSection form={form} profileId={profile?.id ?? null} />
            </Tabs.Panel>
            <Tabs.Panel value="advanced">
              <AdvancedSection form={form} />
            </Tabs.Panel>
          </Paper>
        </ScrollArea>
      </Tabs>
    </form>
  );
}
