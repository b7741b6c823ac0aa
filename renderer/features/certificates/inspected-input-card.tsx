import { Accordion, Badge, Card, Group, Stack, Text } from '@mantine/core';
import type { ChainAnalysis, InspectedInput, InspectedItem } from '../../../shared/certs/inspect';
import { FindingsList } from '../../ui/findings-list';
import { ItemFacts } from './item-facts';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

type T = ReturnType<typeof useT<'certificates'>>['t'];

function itemTitle(t: T, item: InspectedItem, index: number): string {
  const n = index + 1;
  switch (item.kind) {
    case 'certificate':
      return t(item.basicConstraints?.ca ? 'input.titles.caCertificate' : 'input.titles.certificate', {
        n,
        name: item.subject.commonName ?? item.subject.text,
      });
    case 'private-key':
      return t('input.titles.privateKey', { n, key: item.publicKey?.label ?? t('input.titles.locked') });
    case 'public-key':
      return t('input.titles.publicKey', { n, key: item.publicKey.label });
    case 'csr':
      return t('input.titles.csr', { n, name: item.subject.commonName ?? item.subject.text });
    case 'crl':
      return t('input.titles.crl', { n, name: item.issuer.commonName ?? item.issuer.text });
    case 'pkcs12':
      return t('input.titles.pkcs12', { n });
    default: {
      const never: never = item;
      return never;
    }
  }
}

/** The chain's order and whether each link verifies (the next certificate's key signed this one). */
function ChainLinks({ chain, items }: { chain: ChainAnalysis; items: InspectedItem[] }) {
  const { t } = useT('certificates');
  const name = (i: number) => {
    const it = items[i];
    return it?.kind === 'certificate' ? (it.subject.commonName ?? it.subject.text) : t('input.item', { n: i + 1 });
  };
  return (
    <Stack gap={2} data-testid="chain-analysis">
      <Text fz="sm">
        <Trans t={t} i18nKey="input.order" values={{ order: t(`input.orders.${chain.order}`) }} components={[<b key="order" />]} />
        {chain.suggestedOrder ? t('input.suggested', { order: chain.suggestedOrder.map((i) => i + 1).join(', ') }) : ''}
      </Text>
      {chain.links.map((l) => (
        <Text key={`${l.child}-${l.parent}`} fz="sm" c={l.verifies ? 'teal' : 'red'} data-testid="chain-link" data-verifies={l.verifies}>
          {t(l.verifies ? 'input.signedBy' : 'input.notSignedBy', { child: name(l.child), parent: name(l.parent) })}
        </Text>
      ))}
      {chain.anchor && (
        <Text fz="sm" c="teal">
          {t('input.anchored', { name: chain.anchor.commonName ?? t('input.noCn'), source: chain.anchor.source })}
        </Text>
      )}
    </Stack>
  );
}

/** One inspected input: its one-line summary, findings, chain analysis and every item's facts. */
export function InspectedInputCard({ input }: { input: InspectedInput }) {
  const { t } = useT('certificates');
  const errors = input.findings.filter((f) => f.level === 'error').length;
  return (
    <Card
      withBorder
      radius="md"
      padding="sm"
      data-testid="inspected-input"
      data-kind={input.kind}
      aria-label={t('input.label', { name: input.name })}
    >
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{input.name}</Text>
          <Badge size="sm" variant="light" color={input.kind === 'unreadable' ? 'red' : 'indigo'}>
            {t(`input.kinds.${input.kind}`)}
          </Badge>
          <Badge size="sm" variant="outline" color="gray">
            {t('input.size', { encoding: input.encoding.toUpperCase(), size: (input.size / 1024).toFixed(1) })}
          </Badge>
          {errors > 0 && (
            <Badge size="sm" color="red">
              {t('input.errors', { count: errors })}
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
                    {itemTitle(t, item, i)}
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
