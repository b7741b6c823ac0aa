import { Code, Table, Text } from '@mantine/core';
import type { InspectedItem, KeyMatch } from '../../../shared/certs/inspect';
import { KeyValueTable } from '../../ui/key-value-table';
import { YesNo } from '../../ui/yes-no';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { CertificateFacts, NameLine } from './certificate-facts';

type T = ReturnType<typeof useT<['certificates', 'common', 'ui']>>['t'];

const matchText = (t: T, m: KeyMatch) => t('facts.match', { cn: m.commonName ?? t('input.noCn'), source: m.source, n: m.item + 1 });

/** The facts of one inspected item, whatever its kind. */
export function ItemFacts({ item }: { item: InspectedItem }) {
  const { t } = useT(['certificates', 'common', 'ui']);
  const yesNo = (v: boolean) => (v ? t('common:yes') : t('common:no'));
  switch (item.kind) {
    case 'certificate':
      return <CertificateFacts c={item} />;
    case 'private-key':
      return (
        <KeyValueTable
          label={t('facts.privateKey')}
          rows={[
            { label: t('facts.format'), value: item.format },
            { label: t('facts.encrypted'), value: yesNo(item.encrypted) },
            { label: t('facts.opened'), value: item.unlocked ? t('common:yes') : t('facts.notOpenedKey') },
            { label: t('facts.key'), value: item.publicKey?.label ?? null },
            {
              label: t('facts.belongsTo'),
              value: item.unlocked ? (
                item.matches.length ? (
                  <Text fz="sm" c="teal" data-testid="key-matches">
                    {item.matches.map((m) => matchText(t, m)).join('; ')} ✓
                  </Text>
                ) : (
                  <Text fz="sm" c="dimmed" data-testid="key-matches">
                    {t('facts.noMatch')}
                  </Text>
                )
              ) : null,
            },
          ]}
        />
      );
    case 'public-key':
      return <KeyValueTable label={t('facts.publicKey')} rows={[{ label: t('facts.key'), value: item.publicKey.label }]} />;
    case 'csr':
      return (
        <KeyValueTable
          label={t('facts.csr')}
          rows={[
            { label: t('ui:cert.subject'), value: <NameLine name={item.subject} /> },
            { label: t('facts.publicKey'), value: item.publicKey.label },
            {
              label: t('facts.signature'),
              value: `${item.signatureAlgorithm}${item.signatureValid ? t('facts.signatureValid') : t('facts.signatureInvalid')}`,
            },
            { label: t('ui:cert.subjectAltNames'), value: item.subjectAltNames.join(', ') || null },
            { label: t('ui:cert.extKeyUsage'), value: item.extKeyUsage.join(', ') || null },
          ]}
        />
      );
    case 'crl':
      return (
        <>
          <KeyValueTable
            label="CRL"
            rows={[
              { label: t('ui:cert.issuer'), value: <NameLine name={item.issuer} /> },
              { label: t('facts.thisUpdate'), value: formatDateTime(item.thisUpdate) },
              {
                label: t('facts.nextUpdate'),
                value: item.nextUpdate ? `${formatDateTime(item.nextUpdate)}${item.status === 'stale' ? t('facts.passed') : ''}` : null,
              },
              { label: t('facts.crlNumber'), value: item.crlNumber },
              { label: t('facts.signedBy'), value: item.verifiedBy ? `${matchText(t, item.verifiedBy)} ✓` : t('facts.notVerified') },
              { label: t('facts.revoked'), value: `${item.revoked.length}` },
            ]}
          />
          {item.revoked.length > 0 && (
            <Table fz="xs" withTableBorder aria-label={t('facts.revokedTable')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ui:cert.serialNumber')}</Table.Th>
                  <Table.Th>{t('facts.revoked')}</Table.Th>
                  <Table.Th>{t('facts.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {item.revoked.slice(0, 200).map((r) => (
                  <Table.Tr key={r.serialNumber}>
                    <Table.Td>
                      <Code fz="xs">{r.serialNumber}</Code>
                    </Table.Td>
                    <Table.Td>{formatDateTime(r.revokedAt)}</Table.Td>
                    <Table.Td>{r.reason ?? '–'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      );
    case 'pkcs12':
      return (
        <KeyValueTable
          label={t('facts.pkcs12')}
          rows={[
            { label: t('facts.opened'), value: item.unlocked ? t('common:yes') : t('facts.notOpenedPfx') },
            { label: t('facts.mac'), value: item.mac },
            { label: t('facts.encryption'), value: item.encryption.join('; ') || null },
            { label: t('facts.legacy'), value: <YesNo value={item.legacy} good={false} /> },
            { label: t('facts.certificates'), value: item.certificateCount === null ? null : String(item.certificateCount) },
            { label: t('facts.privateKey'), value: item.hasKey === null ? null : <YesNo value={item.hasKey} /> },
          ]}
        />
      );
    default: {
      const never: never = item;
      return never;
    }
  }
}
