import { Stack, Text } from '@mantine/core';
import { selectCas, selectCasStatus } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';
import { SavedCaCard } from './saved-ca-card';
import { useT } from '../../i18n/use-t';

/** Every CA the workbench keeps, roots and intermediates, with what each issued. */
export function SavedCas() {
  const { t } = useT('certificates');
  const cas = useAppStore(selectCas);
  const status = useAppStore(selectCasStatus);
  if (status === 'loading' && cas.length === 0) return <Text c="dimmed">{t('saved.loading')}</Text>;
  if (cas.length === 0)
    return (
      <Text c="dimmed" fz="sm" data-testid="no-cas">
        {t('saved.none')}
      </Text>
    );
  const name = (id: string | null) => cas.find((c) => c.id === id)?.record.commonName ?? null;
  return (
    <Stack gap="sm" data-testid="saved-cas">
      {cas.map((ca) => (
        <SavedCaCard key={ca.id} ca={ca} parentName={name(ca.parentId)} />
      ))}
    </Stack>
  );
}
