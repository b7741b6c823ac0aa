import { Badge, Group, ScrollArea, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { selectCas, selectCasStatus } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { Inspector } from './inspector';
import { IssuePanel } from './issue-panel';
import { LintPanel } from './lint-panel';
import { SavedCas } from './saved-cas';
import { useT } from '../../i18n/use-t';

/** The certificate workbench: inspect, lint, issue, and the CAs it keeps. */
export function CertificatesSection() {
  const { t } = useT('certificates');
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
            {t('section.title')}
          </Title>
          <Text fz="sm" c="dimmed">
            {t('section.subtitle')}
          </Text>
        </Group>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="inspect">{t('section.inspect')}</Tabs.Tab>
            <Tabs.Tab value="lint">{t('section.lint')}</Tabs.Tab>
            <Tabs.Tab value="issue">{t('section.issue')}</Tabs.Tab>
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
              {t('section.savedCas')}
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
