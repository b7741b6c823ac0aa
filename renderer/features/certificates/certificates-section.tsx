import { Badge, Group, ScrollArea, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { selectCas, selectCasStatus } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Inspector } from './inspector';
import { IssuePanel } from './issue-panel';
import { LintPanel } from './lint-panel';
import { SavedCas } from './saved-cas';

/** The certificate workbench: inspect, lint, issue, and the CAs it keeps. */
export function CertificatesSection() {
  const cas = useAppStore(selectCas);
  const status = useAppStore(selectCasStatus);
  const { loadCas } = useActions();
  const [tab, setTab] = useState<string | null>('inspect');
  useEffect(() => {
    if (status === 'idle') void loadCas();
  }, [status, loadCas]);
  return (
    <ScrollArea h="100%" type="auto">
      <div style={{ padding: 'var(--mantine-spacing-md)', maxWidth: 1280 }} data-testid="certificates-section">
        <Group gap="xs" mb="sm" align="baseline">
          <Title order={2} fz="xl">
            Certificates
          </Title>
          <Text fz="sm" c="dimmed">
            inspect, lint and issue test PKIs
          </Text>
        </Group>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="inspect">Inspect</Tabs.Tab>
            <Tabs.Tab value="lint">Lint</Tabs.Tab>
            <Tabs.Tab value="issue">Issue</Tabs.Tab>
            <Tabs.Tab
              value="cas"
              rightSection={
                cas.length ? (
                  <Badge size="xs" variant="light" circle>
                    {cas.length}
                  </Badge>
                ) : undefined
              }
            >
              Saved CAs
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="inspect">
            <Inspector />
          </Tabs.Panel>
          <Tabs.Panel value="lint">
            <LintPanel />
          </Tabs.Panel>
          <Tabs.Panel value="issue">
            <IssuePanel />
          </Tabs.Panel>
          <Tabs.Panel value="cas">
            <SavedCas />
          </Tabs.Panel>
        </Tabs>
      </div>
    </ScrollArea>
  );
}
