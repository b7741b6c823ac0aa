import { SegmentedControl, Stack } from '@mantine/core';
import { useState } from 'react';
import { BatchForm } from './batch-form';
import { CreateCaForm } from './create-ca-form';
import { CrlForm } from './crl-form';
import { IssueForm } from './issue-form';
import { useT } from '../../i18n/use-t';

type What = 'ca' | 'server' | 'client' | 'batch' | 'crl';

/** The issuing forms: a CA, a broker certificate, a device, a batch, a CRL. */
export function IssuePanel() {
  const { t } = useT('certificates');
  const [what, setWhat] = useState<What>('ca');
  return (
    <Stack gap="md">
      <SegmentedControl
        aria-label={t('issue.whatLabel')}
        value={what}
        onChange={(v) => setWhat(v as What)}
        data={[
          { value: 'ca', label: 'CA' },
          { value: 'server', label: t('issue.broker') },
          { value: 'client', label: t('issue.device') },
          { value: 'batch', label: t('issue.batch') },
          { value: 'crl', label: 'CRL' },
        ]}
        w="fit-content"
      />
      {what === 'ca' && <CreateCaForm />}
      {what === 'server' && <IssueForm key="server" profile="server" />}
      {what === 'client' && <IssueForm key="client" profile="client" />}
      {what === 'batch' && <BatchForm />}
      {what === 'crl' && <CrlForm />}
    </Stack>
  );
}
