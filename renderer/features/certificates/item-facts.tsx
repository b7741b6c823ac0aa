import { Code, Table, Text } from '@mantine/core';
import type { InspectedItem, KeyMatch } from '../../../shared/certs/inspect';
import { KeyValueTable } from '../../ui/key-value-table';
import { YesNo } from '../../ui/yes-no';
import { formatDate } from '../report/report-format';
import { CertificateFacts, NameLine } from './certificate-facts';

const matchText = (m: KeyMatch) => `"${m.commonName ?? '(no CN)'}" in ${m.source} (item ${m.item + 1})`;

/** The facts of one inspected item, whatever its kind. */
export function ItemFacts({ item }: { item: InspectedItem }) {
  switch (item.kind) {
    case 'certificate':
      return <CertificateFacts c={item} />;
    case 'private-key':
      return (
        <KeyValueTable
          label="Private key"
          rows={[
            { label: 'Format', value: item.format },
            { label: 'Encrypted', value: item.encrypted ? 'yes' : 'no' },
            { label: 'Opened', value: item.unlocked ? 'yes' : 'no: give its passphrase to see its type and matches' },
            { label: 'Key', value: item.publicKey?.label ?? null },
            {
              label: 'Belongs to',
              value: item.unlocked ? (
                item.matches.length ? (
                  <Text fz="sm" c="teal" data-testid="key-matches">
                    {item.matches.map(matchText).join('; ')} ✓
                  </Text>
                ) : (
                  <Text fz="sm" c="dimmed" data-testid="key-matches">
                    none of the certificates given
                  </Text>
                )
              ) : null,
            },
          ]}
        />
      );
    case 'public-key':
      return <KeyValueTable label="Public key" rows={[{ label: 'Key', value: item.publicKey.label }]} />;
    case 'csr':
      return (
        <KeyValueTable
          label="Certificate request"
          rows={[
            { label: 'Subject', value: <NameLine name={item.subject} /> },
            { label: 'Public key', value: item.publicKey.label },
            { label: 'Signature', value: `${item.signatureAlgorithm}${item.signatureValid ? ' ✓ valid' : ' ✕ invalid'}` },
            { label: 'Subject alternative names', value: item.subjectAltNames.join(', ') || null },
            { label: 'Extended key usage', value: item.extKeyUsage.join(', ') || null },
          ]}
        />
      );
    case 'crl':
      return (
        <>
          <KeyValueTable
            label="CRL"
            rows={[
              { label: 'Issuer', value: <NameLine name={item.issuer} /> },
              { label: 'This update', value: formatDate(item.thisUpdate) },
              {
                label: 'Next update',
                value: item.nextUpdate ? `${formatDate(item.nextUpdate)}${item.status === 'stale' ? ' (passed)' : ''}` : null,
              },
              { label: 'CRL number', value: item.crlNumber },
              { label: 'Signed by', value: item.verifiedBy ? `${matchText(item.verifiedBy)} ✓` : 'no certificate given verifies it' },
              { label: 'Revoked', value: `${item.revoked.length}` },
            ]}
          />
          {item.revoked.length > 0 && (
            <Table fz="xs" withTableBorder aria-label="Revoked certificates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Serial number</Table.Th>
                  <Table.Th>Revoked</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {item.revoked.slice(0, 200).map((r) => (
                  <Table.Tr key={r.serialNumber}>
                    <Table.Td>
                      <Code fz="xs">{r.serialNumber}</Code>
                    </Table.Td>
                    <Table.Td>{formatDate(r.revokedAt)}</Table.Td>
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
          label="PKCS#12 bundle"
          rows={[
            { label: 'Opened', value: item.unlocked ? 'yes' : 'no: give its password' },
            { label: 'Integrity (MAC)', value: item.mac },
            { label: 'Encryption', value: item.encryption.join('; ') || null },
            { label: 'Legacy algorithms', value: <YesNo value={item.legacy} good={false} /> },
            { label: 'Certificates', value: item.certificateCount === null ? null : String(item.certificateCount) },
            { label: 'Private key', value: item.hasKey === null ? null : <YesNo value={item.hasKey} /> },
          ]}
        />
      );
    default: {
      const never: never = item;
      return never;
    }
  }
}
