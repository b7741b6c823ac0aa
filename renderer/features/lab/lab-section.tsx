import { Badge, Center, Group, Loader, ScrollArea, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { selectLab, selectLabLoad, selectLabLog } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { LabAuthEditor } from './lab-auth-editor';
import { LabBrokerCard } from './lab-broker-card';
import { LabIdentitiesTable } from './lab-identities-table';
import { LabLogPanel } from './lab-log-panel';
import { useT } from '../../i18n/use-t';

type LabTab = 'identities' | 'auth' | 'log';

/** The lab broker: start and stop it, its identities, its auth source and its live log. */
export function LabSection() {
  const { t } = useT('lab');
  const lab = useAppStore(selectLab);
  const load = useAppStore(selectLabLoad);
  const log = useAppStore(selectLabLog);
  const { loadLab } = useActions();
  const [tab, setTab] = useState<LabTab>('identities');
  useEffect(() => {
    if (load === 'idle') void loadLab();
  }, [load, loadLab]);
  if (!lab)
    return (
      <Center h="100%" data-testid="lab-section">
        {load === 'error' ? <Text c="red">{t('section.unreadable')}</Text> : <Loader size="sm" />}
      </Center>
    );
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }} data-testid="lab-section">
      <div style={{ padding: 'var(--mantine-spacing-md)', paddingBottom: 'var(--mantine-spacing-xs)' }}>
        <Group gap="xs" mb="xs" align="baseline" wrap="nowrap">
          <Title order={2} fz="xl">
            {t('section.title')}
          </Title>
          <Text fz="sm" c="dimmed" truncate="end">
            {t('section.subtitle')}
          </Text>
        </Group>
        <LabBrokerCard lab={lab} />
      </div>
      <Tabs
        value={tab}
        onChange={(v) => v && setTab(v as LabTab)}
        keepMounted={false}
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List px="md">
          <Tabs.Tab
            value="identities"
            rightSection={
              lab.identities.length ? (
                <Badge size="xs" variant="light" color="gray">
                  {lab.identities.length}
                </Badge>
              ) : undefined
            }
          >
            {t('section.identities')}
          </Tabs.Tab>
          <Tabs.Tab value="auth">{t('section.auth')}</Tabs.Tab>
          <Tabs.Tab
            value="log"
            rightSection={
              log.buffer.size ? (
                <Badge size="xs" variant="light" color="gray">
                  {log.buffer.size}
                </Badge>
              ) : undefined
            }
          >
            {t('section.log')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="identities" style={{ flex: 1, minHeight: 0 }}>
          <ScrollArea h="100%" type="auto">
            <div style={{ padding: 'var(--mantine-spacing-md)' }}>
              <LabIdentitiesTable lab={lab} />
            </div>
          </ScrollArea>
        </Tabs.Panel>
        <Tabs.Panel value="auth" style={{ flex: 1, minHeight: 0 }}>
          <ScrollArea h="100%" type="auto">
            <div style={{ padding: 'var(--mantine-spacing-md)', maxWidth: 1280 }}>
              <LabAuthEditor lab={lab} />
            </div>
          </ScrollArea>
        </Tabs.Panel>
        <Tabs.Panel value="log" style={{ flex: 1, minHeight: 0 }}>
          <LabLogPanel />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
