import { ActionIcon, Button, Group, Input, Stack, TextInput } from '@mantine/core';
import type { FormValues } from './profile-draft';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

/** MQTT 5 CONNECT user properties as rows of name and value (a name may repeat, MQTT 5.0 §3.1.2.11.8). */
export function UserPropertiesField({ form }: { form: ProfileForm }) {
  const { values: v, error } = form;
  const { t } = useT('profileEditor');
  const setRow = (i: number, patch: Partial<FormValues['userProperties'][number]>) =>
    form.update((cur) => ({ userProperties: cur.userProperties.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  return (
    <Input.Wrapper label={t('userProps.label')}>
      <Stack gap={6} mt={4}>
        {v.userProperties.map((row, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              aria-label={t('userProps.name', { n: i + 1 })}
              placeholder={t('userProps.namePlaceholder')}
              value={row.key}
              onChange={(e) => setRow(i, { key: e.currentTarget.value })}
              error={error(`userProperties.${i}`)}
              style={{ flex: 1 }}
            />
            <TextInput
              aria-label={t('userProps.value', { n: i + 1 })}
              placeholder={t('userProps.valuePlaceholder')}
              value={row.value}
              onChange={(e) => setRow(i, { value: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={6}
              aria-label={t('userProps.remove', { n: i + 1 })}
              onClick={() => form.update((cur) => ({ userProperties: cur.userProperties.filter((_, j) => j !== i) }))}
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Button
          size="xs"
          variant="subtle"
          w="fit-content"
          onClick={() => form.update((cur) => ({ userProperties: [...cur.userProperties, { key: '', value: '' }] }))}
        >
          {t('userProps.add')}
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}
