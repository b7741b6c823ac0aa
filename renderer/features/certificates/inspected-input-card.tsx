import { Accordion, Badge, Card, Group, Stack, Text } from '@mantine/core';
import type { ChainAnalysis, InspectedInput, InspectedItem } from '../../../shared/certs/inspect';
import { FindingsList } from '../../ui/findings-list';
import { ItemFacts } from './item-facts';

const ORDER_TEXT: Record<ChainAnalysis['order'], string> = {
  'leaf-first': 'leaf first (as TLS sends it)',
  'root-first': 'root first (reversed: TLS sends the leaf first)',
  unordered: 'in no chain order',
};

function itemTitle(item: InspectedItem, index: number): string {
  switch (item.kind) {
    case 'certificate':
      return `${index + 1}. ${item.basicConstraints?.ca ? 'CA certificate' : 'certificate'} ${item.subject.commonName ?? item.subject.text}`;
    case 'private-key':
      return `${index + 1}. private key ${item.publicKey?.label ?? '(locked)'}`;
    case 'public-key':
      return `${index + 1}. public key ${item.publicKey.label}`;
    case 'csr':
      return `${index + 1}. certificate request ${item.subject.commonName ?? item.subject.text}`;
    case 'crl':
      return `${index + 1}. CRL of ${item.issuer.commonName ?? item.issuer.text}`;
    case 'pkcs12':
      return `${index + 1}. PKCS#12 bundle`;
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** The chain's order and whether each link verifies (the next certificate's key signed this one). */
function ChainLinks({ chain, items }: { chain: ChainAnalysis; items: InspectedItem[] }) {
  const name = (i: number) => {
    const it = items[i];
    return it?.kind === 'certificate' ? (it.subject.commonName ?? it.subject.text) : `item ${i + 1}`;
  };
  return (
    <Stack gap={2} data-testid="chain-analysis">
      <Text fz="sm">
        Order: <b>{ORDER_TEXT[chain.order]}</b>
        {chain.suggestedOrder ? ` — leaf first would be ${chain.suggestedOrder.map((i) => i + 1).join(', ')}` : ''}
      </Text>
      {chain.links.map((l) => (
        <Text key={`${l.child}-${l.parent}`} fz="sm" c={l.verifies ? 'teal' : 'red'} data-testid="chain-link" data-verifies={l.verifies}>
          {l.verifies ? '✓' : '✕'} "{name(l.child)}" {l.verifies ? 'is signed by' : 'is not signed by'} "{name(l.parent)}"
        </Text>
      ))}
      {chain.anchor && (
        <Text fz="sm" c="teal">
          ✓ anchored in "{chain.anchor.commonName ?? '(no CN)'}" from {chain.anchor.source}
        </Text>
      )}
    </Stack>
  );
}

/** One inspected input: its one-line summary, findings, chain analysis and every item's facts. */
export function InspectedInputCard({ input }: { input: InspectedInput }) {
  const errors = input.findings.filter((f) => f.level === 'error').length;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="inspected-input" data-kind={input.kind} aria-label={`Inspected ${input.name}`}>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{input.name}</Text>
          <Badge size="sm" variant="light" color={input.kind === 'unreadable' ? 'red' : 'indigo'}>
            {input.kind}
          </Badge>
          <Badge size="sm" variant="outline" color="gray">
            {input.encoding.toUpperCase()} · {(input.size / 1024).toFixed(1)} KiB
          </Badge>
          {errors > 0 && (
            <Badge size="sm" color="red">
              {errors} error{errors === 1 ? '' : 's'}
            </Badge>
          )}
        </Group>
        <Text fz="sm" data-testid="inspected-summary">
          {input.summary}
        </Text>
        <FindingsList findings={input.findings} />
        {input.chain && input.items.filter((i) => i.kind === 'certificate').length > 1 && (
          <ChainLinks chain={input.chain} items={input.items} />
        )}
        {input.items.length > 0 && (
          <Accordion variant="separated" multiple defaultValue={['0']} chevronPosition="left">
            {input.items.map((item, i) => (
              <Accordion.Item key={i} value={String(i)}>
                <Accordion.Control>
                  <Text fz="sm" fw={500}>
                    {itemTitle(item, i)}
                  </Text>
                </Accordion.Control>
                <Accordion.Panel>
                  <ItemFacts item={item} />
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </Stack>
    </Card>
  );
}
