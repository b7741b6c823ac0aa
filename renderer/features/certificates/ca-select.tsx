import { Select } from '@mantine/core';
import { selectCas } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** Picks a saved CA that can sign here (its key opens). */
export function CaSelect({ value, onChange, label }: { value: string | null; onChange: (id: string | null) => void; label?: string }) {
  const { t } = useT('certificates');
  const cas = useAppStore(selectCas);
  const data = cas.map((c) => ({
    value: c.id,
    label: `${c.record.commonName}${c.parentId ? t('issue.intermediateSuffix') : ''}`,
    disabled: !c.keyAvailable,
  }));
  return (
    <Select
      label={label ?? t('issue.issuingCa')}
      placeholder={cas.length ? t('issue.chooseCa') : t('issue.createCaFirst')}
      data={data}
      value={value}
      onChange={onChange}
      required
      w={280}
      nothingFoundMessage={t('issue.noCa')}
    />
  );
}
