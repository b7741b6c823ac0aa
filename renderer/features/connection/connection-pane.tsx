import { Alert, Badge, Button, Group, Kbd, ScrollArea, Stack, Tabs, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import {
  selectConnection,
  selectIsLabProfile,
  selectLabAttempt,
  selectProfile,
  selectReports,
  selectShownReport,
} from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { StatusDot } from '../../ui/status-dot';
import { BrokerSidePanel } from '../lab/broker-side-panel';
import { MessagesPanel } from '../messages/messages-panel';
import { marksFromReport, type ChipMarks } from '../report/phase-marks';
import { PhaseProgress } from '../report/phase-progress';
import { phaseLabel } from '../report/cause-text';
import { ReportView } from '../report/report-view';
import { AttemptHistory } from './attempt-history';
import { CloseReasonAlert } from './close-reason-alert';
import { ConnectionHeader } from './connection-header';
import { ReconnectBanner } from './reconnect-banner';
import { ReportFixes } from './report-fixes';
import { RetryWithSecret, type TriedSecret } from './retry-with-secret';
import { SaveSecretOffer } from './save-secret-offer';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';
import { formatDate, formatTime } from '../../i18n/format';

type PaneTab = 'report' | 'messages' | 'history';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/** The selected connection: its controls, the handshake report, messages and past attempts. */
export function ConnectionPane({ profileId }: { profileId: string }) {
  const profile = useAppStore(selectProfile(profileId));
  const conn = useAppStore(selectConnection(profileId));
  const reports = useAppStore(selectReports(profileId));
  const shown = useAppStore(selectShownReport(profileId));
  const labEvents = useAppStore(selectLabAttempt(shown?.id ?? ''));
  const isLabProfile = useAppStore(selectIsLabProfile(profileId));
  const { loadReports, viewReport, loadLabAttempt } = useActions();
  const { t } = useT('connection');
  const [tab, setTab] = useState<PaneTab>('report');
  // A secret typed for one attempt, held here (the retry form unmounts while the attempt runs)
  // until it is saved or dismissed; never put in the store.
  const [tried, setTried] = useState<TriedSecret | null>(null);
  const status = conn.state.status;
  // Only the attempt it was typed for may offer it: a failure or a close forgets it.
  useEffect(() => {
    if (status === 'failed' || status === 'closed') setTried(null);
  }, [status]);
  const onLoopback = shown !== null && LOOPBACK.has(shown.target.host.replace(/^\[|\]$/g, ''));

  useEffect(() => {
    void loadReports(profileId);
  }, [profileId, loadReports]);

  // The lab listens on loopback only: only there can it have seen the attempt.
  useEffect(() => {
    if (shown && onLoopback) void loadLabAttempt(profileId, shown.id);
  }, [profileId, shown, onLoopback, loadLabAttempt]);
  const brokerSide =
    onLoopback && (isLabProfile || (labEvents?.length ?? 0) > 0) ? (
      <BrokerSidePanel events={labEvents} isLabProfile={isLabProfile} />
    ) : undefined;

  if (!profile)
    return (
      <Text c="dimmed" p="lg">
        {t('gone')}
      </Text>
    );
  const s = profile.settings;
  const st = conn.state;
  const live = st.status === 'connecting';
  // A report that is not this connection's own: one picked from the history, or the last one kept from an earlier run.
  const pastReport = shown !== null && reportIdOf(st) !== shown.id;
  const lastKept = pastReport && shown.id === reports[0]?.id;
  const marks: ChipMarks = live ? conn.phases : shown ? marksFromReport(shown) : {};
  const current = live ? conn.phases[st.phase] : undefined;

  return (
    <Stack gap={0} h="100%" data-testid="connection-pane">
      <ConnectionHeader profile={profile} state={st} />
      <ReconnectBanner profileId={profileId} state={st} />
      {conn.lastError && (
        <Alert color="red" variant="light" mx="lg" mt="sm" data-testid="connection-error" title={t('hostRefused')}>
          {conn.lastError.message}
        </Alert>
      )}
      {st.status === 'closed' && st.reason.kind !== 'user' && st.reason.kind !== 'shutdown' && (
        <Stack px="lg" pt="sm" gap={0}>
          <CloseReasonAlert reason={st.reason} at={st.at} />
        </Stack>
      )}
      <Tabs
        value={tab}
        onChange={(t) => t && setTab(t as PaneTab)}
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List px="lg">
          <Tabs.Tab value="report">{t('tabs.report')}</Tabs.Tab>
          <Tabs.Tab value="messages" rightSection={st.status === 'open' ? <StatusDot state={st} size={8} /> : null}>
            {t('tabs.messages')}
          </Tabs.Tab>
          <Tabs.Tab
            value="history"
            rightSection={
              reports.length ? (
                <Badge size="xs" variant="light" color="gray">
                  {reports.length}
                </Badge>
              ) : null
            }
          >
            {t('tabs.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="report" style={{ flex: 1, minHeight: 0 }}>
          <ScrollArea h="100%" type="auto">
            <Stack gap="md" p="lg" maw={brokerSide ? 1500 : 1100}>
              {(live || shown) && <PhaseProgress marks={marks} />}
              {live && (
                <Text fz="sm" c="dimmed" data-testid="connecting-note">
                  {t('connectingTo', { host: s.host, port: s.port })}
                  {live && current?.detail ? t('phaseNow', { phase: phaseLabel(st.phase), detail: current.detail }) : t('phasesLightUp')}
                </Text>
              )}
              {!live && pastReport && (
                <Alert
                  color="blue"
                  variant="light"
                  title={lastKept ? t('lastAttempt') : t('earlierAttempt')}
                  data-testid="past-report-note"
                >
                  <Group justify="space-between">
                    <Text fz="sm">
                      {t('started', { when: `${formatDate(shown.startedAt)} ${formatTime(shown.startedAt)}` })}
                      {lastKept ? t('tryAgain') : ''}
                    </Text>
                    {!lastKept && (
                      <Button size="xs" variant="light" onClick={() => viewReport(profileId, null)}>
                        {t('showLatest')}
                      </Button>
                    )}
                  </Group>
                </Alert>
              )}
              {!live && shown && (
                <ReportView report={shown} aside={brokerSide}>
                  {!pastReport && st.status === 'failed' && (
                    <RetryWithSecret key={shown.id} profileId={profileId} cause={shown.cause} onTried={setTried} />
                  )}
                  {!pastReport && tried?.profileId === profileId && st.status === 'open' && (
                    <SaveSecretOffer tried={tried} onDone={() => setTried(null)} />
                  )}
                  {!pastReport && <ReportFixes key={`fix-${shown.id}`} profileId={profileId} report={shown} />}
                </ReportView>
              )}
              {!live && !shown && (
                <Stack gap={4} align="center" py="xl" data-testid="report-empty">
                  <Text c="dimmed">{t('notYet')}</Text>
                  <Text fz="sm" c="dimmed">
                    <Trans t={t} i18nKey="connectHint" components={[<Kbd key="ctrl" />, <Kbd key="enter" />]} />
                  </Text>
                </Stack>
              )}
            </Stack>
          </ScrollArea>
        </Tabs.Panel>
        <Tabs.Panel value="messages" style={{ flex: 1, minHeight: 0 }}>
          <MessagesPanel profileId={profileId} mqttVersion={s.mqttVersion} />
        </Tabs.Panel>
        <Tabs.Panel value="history" style={{ flex: 1, minHeight: 0 }}>
          <ScrollArea h="100%" type="auto">
            <AttemptHistory
              reports={reports}
              shownId={shown?.id ?? null}
              onOpen={(r) => {
                // The newest attempt is the connection's own report: showing it means "latest".
                viewReport(profileId, r.id === reports[0]?.id ? null : r.id);
                setTab('report');
              }}
            />
          </ScrollArea>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function reportIdOf(st: { status: string; report?: ConnectReport | null }): string | null {
  return st.report?.id ?? null;
}
