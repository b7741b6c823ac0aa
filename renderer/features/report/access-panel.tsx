import type { AccessInfo } from '../../../shared/connect/report';
import { KeyValueTable } from '../../ui/key-value-table';
import { YesNo } from '../../ui/yes-no';
import { formatMs } from './report-format';
import { useT } from '../../i18n/use-t';

/** The access check: could this identity subscribe, publish and hear its own echo? */
export function AccessPanel({ access }: { access: AccessInfo }) {
  const { t } = useT(['report', 'common']);
  return (
    <KeyValueTable
      label={t('details.access')}
      rows={[
        { label: t('access.topic'), value: access.topic },
        {
          label: t('access.subscribe'),
          value: access.subscribe && (
            <>
              <YesNo value={access.subscribe.granted} /> {access.subscribe.names.join(t('common:listSeparator'))}
            </>
          ),
        },
        {
          label: t('access.publish'),
          value: access.publish && (
            <>
              <YesNo value={access.publish.ok} /> {access.publish.name ?? ''}
            </>
          ),
        },
        {
          label: t('access.echo'),
          value: (
            <>
              <YesNo value={access.echo} /> {access.echoMs === null ? '' : formatMs(access.echoMs)}
            </>
          ),
        },
      ]}
    />
  );
}
