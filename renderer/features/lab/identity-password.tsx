import { Button, Code, CopyButton, Group, Text } from '@mantine/core';
import { useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

/** A demo identity's password, asked of the host only when the user clicks "Show", and forgotten on "Hide". */
export function IdentityPassword({ name }: { name: string }) {
  const { t } = useT(['lab', 'common']);
  const { revealLabPassword } = useActions();
  const [shown, setShown] = useState<ResponseOf<'lab:revealPassword'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!shown)
    return (
      <Group gap={4} wrap="nowrap">
        <Button
          size="compact-xs"
          variant="subtle"
          aria-label={t('password.showLabel', { name })}
          onClick={() =>
            void revealLabPassword(name).then((r) => {
              if (r.ok) setShown(r.value);
              else setError(r.error.message);
            })
          }
        >
          {t('password.show')}
        </Button>
        {error && (
          <Text fz="xs" c="red">
            {error}
          </Text>
        )}
      </Group>
    );
  const differs = shown.tablePassword !== null && shown.tablePassword !== shown.password;
  return (
    <Group gap={4} wrap="nowrap" data-testid="identity-password">
      <Code fz="xs">{shown.password}</Code>
      <CopyButton value={shown.password}>
        {({ copied, copy }) => (
          <Button
            size="compact-xs"
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            onClick={copy}
            aria-label={t('password.copyLabel', { name })}
          >
            {copied ? t('common:copied') : t('common:copy')}
          </Button>
        )}
      </CopyButton>
      {differs && (
        <Text fz="xs" c="orange">
          <Trans
            t={t}
            i18nKey="password.table"
            values={{ password: shown.tablePassword ?? '' }}
            components={[<Code key="password" fz="xs" />]}
          />
        </Text>
      )}
      <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setShown(null)} aria-label={t('password.hideLabel', { name })}>
        {t('password.hide')}
      </Button>
    </Group>
  );
}
