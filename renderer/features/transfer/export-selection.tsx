import { Checkbox, Group, Radio, ScrollArea, Stack } from '@mantine/core';
import type { Group as ProfileGroup, Profile } from '../../../shared/profile/profile';
import { useT } from '../../i18n/use-t';

/** Which profiles an export takes: all, or the ones ticked (kept in sidebar order). */
export function ExportSelection({
  profiles,
  groups,
  profileIds,
  error,
  onChange,
}: {
  profiles: Profile[];
  groups: ProfileGroup[];
  profileIds: string[] | null;
  error: string | undefined;
  onChange: (ids: string[] | null) => void;
}) {
  const { t } = useT('transfer');
  const groupName = (id: string | null) => (id ? (groups.find((g) => g.id === id)?.name ?? null) : null);
  const toggle = (id: string, on: boolean) => {
    const ids = new Set(profileIds ?? profiles.map((p) => p.id));
    if (on) ids.add(id);
    else ids.delete(id);
    // Kept in sidebar order, so the file lists them as the user sees them.
    onChange(profiles.filter((p) => ids.has(p.id)).map((p) => p.id));
  };
  return (
    <>
      <Radio.Group
        label={t('export.profiles')}
        value={profileIds === null ? 'all' : 'selected'}
        onChange={(v) => onChange(v === 'all' ? null : (profileIds ?? profiles.map((p) => p.id)))}
        error={error}
      >
        <Group mt={6} gap="lg">
          <Radio value="all" label={t('export.all', { count: profiles.length })} />
          <Radio value="selected" label={t('export.selected', { count: profileIds === null ? profiles.length : profileIds.length })} />
        </Group>
      </Radio.Group>
      {profileIds !== null && (
        <ScrollArea.Autosize mah={220} type="auto" offsetScrollbars>
          <Stack gap={6} role="group" aria-label={t('export.selectionLabel')} data-testid="export-selection">
            {profiles.map((p) => (
              <Checkbox
                key={p.id}
                checked={profileIds.includes(p.id)}
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
    </>
  );
}
