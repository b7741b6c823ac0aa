import { Badge } from '@mantine/core';
import { useT } from '../i18n/use-t';
import type { CertSummary } from '../../shared/connect/report';
import { validityState } from '../features/report/report-format';

/** "expired" / "not yet valid" / "valid" for a certificate, judged against the current clock. */
export function ValidityBadge({ cert }: { cert: Pick<CertSummary, 'validFrom' | 'validTo'> }) {
  const { t } = useT('ui');
  const state = validityState(cert);
  if (state === 'expired')
    return (
      <Badge color="red" variant="filled" size="sm">
        {t('validity.expired')}
      </Badge>
    );
  if (state === 'not-yet-valid')
    return (
      <Badge color="orange" variant="filled" size="sm">
        {t('validity.notYetValid')}
      </Badge>
    );
  return (
    <Badge color="green" variant="light" size="sm">
      {t('validity.valid')}
    </Badge>
  );
}
