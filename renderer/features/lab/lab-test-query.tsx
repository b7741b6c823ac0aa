import { Badge, Button, Code, Group, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { LabQueryResult, LabStatus } from '../../../shared/lab/lab-api';
import type { LabAuthSettings } from '../../../shared/lab/lab-config';
import { useActions } from '../../store/store-context';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

const ANSWER_COLORS = { found: 'green', 'not-found': 'red', unavailable: 'yellow' } as const;

/**
 * "Test query": runs the auth source's lookup (the fields as they are, saved or not) for one demo
 * identity, as the lab would at its CONNECT, and says what came back. What the source stores is
 * shown only when "Reveal" is on.
 */
export function LabTestQuery({ lab, auth }: { lab: LabStatus; auth: LabAuthSettings | null }) {
  const { t } = useT('lab');
  const { testLabQuery } = useActions();
  const choices = lab.identities.filter((i) => i.commonName !== null);
  const [identity, setIdentity] = useState<string | null>(null);
  const [reveal, setReveal] = useState(false);
  const [result, setResult] = useState<LabQueryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = identity ?? choices[0]?.name ?? null;
  const run = async () => {
    if (!chosen || !auth) return;
    setBusy(true);
    const r = await testLabQuery({ identity: chosen, auth, reveal });
    setBusy(false);
    setResult(r.ok ? r.value : null);
    setError(r.ok ? null : r.error.message);
  };
  return (
    <Paper withBorder radius="md" p="sm" data-testid="lab-test-query">
      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('query.title')}
        </Title>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label={t('query.identity')}
            w={260}
            data={choices.map((i) => ({ value: i.name, label: `${i.name} (${i.commonName})` }))}
            value={chosen}
            onChange={setIdentity}
            allowDeselect={false}
            disabled={choices.length === 0}
          />
          <Switch label={t('query.reveal')} checked={reveal} onChange={(e) => setReveal(e.currentTarget.checked)} mb={8} />
          <Button size="sm" onClick={() => void run()} loading={busy} disabled={!chosen || !auth} data-testid="lab-test-query-run">
            {t('query.run')}
          </Button>
        </Group>
        {!auth && (
          <Text fz="sm" c="dimmed">
            {t('query.fixFields')}
          </Text>
        )}
        {error && (
          <Text fz="sm" c="red">
            {error}
          </Text>
        )}
        {result && (
          <Stack gap={6} data-testid="lab-test-query-result" data-answer={result.answer}>
            <Group gap="xs" wrap="wrap">
              <Badge color={ANSWER_COLORS[result.answer]} variant="light">
                {t(`query.answers.${result.answer}`)}
              </Badge>
              <Code style={{ overflowWrap: 'anywhere' }}>{result.query}</Code>
              <Text fz="xs" c="dimmed">
                {t('query.took', { source: result.source === 'redis' ? 'Redis' : t('query.builtIn'), ms: result.durationMs })}
              </Text>
            </Group>
            <Text fz="sm">{result.detail}</Text>
            {result.profilePasswordMatches !== null && (
              <Text fz="sm" c={result.profilePasswordMatches ? 'green' : 'red'} data-testid="lab-test-query-match">
                {t(result.profilePasswordMatches ? 'query.passes' : 'query.fails', { name: chosen ?? '' })}
              </Text>
            )}
            {result.revealed ? (
              <Text fz="sm" data-testid="lab-test-query-revealed">
                <Trans
                  t={t}
                  i18nKey="query.stored"
                  values={{ hash: result.revealed.hash, value: result.revealed.value }}
                  components={[<Code key="value" />]}
                />
                {result.revealed.salt !== null && (
                  <>
                    {' '}
                    <Trans t={t} i18nKey="query.salt" values={{ salt: result.revealed.salt }} components={[<Code key="salt" />]} />
                  </>
                )}
              </Text>
            ) : (
              result.answer === 'found' && (
                <Text fz="xs" c="dimmed">
                  {t('query.hidden')}
                </Text>
              )
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
