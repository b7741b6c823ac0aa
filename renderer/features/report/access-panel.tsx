import type { AccessInfo } from '../../../shared/connect/report';
import { KeyValueTable } from '../../ui/key-value-table';
import { YesNo } from '../../ui/yes-no';
import { formatMs } from './report-format';

/** The access check: could this identity subscribe, publish and hear its own echo? */
export function AccessPanel({ access }: { access: AccessInfo }) {
  return (
    <KeyValueTable
      label="Access check"
      rows={[
        { label: 'Topic', value: access.topic },
        {
          label: 'Subscribe granted',
          value: access.subscribe && (
            <>
              <YesNo value={access.subscribe.granted} /> {access.subscribe.names.join(', ')}
            </>
          ),
        },
        {
          label: 'Publish accepted',
          value: access.publish && (
            <>
              <YesNo value={access.publish.ok} /> {access.publish.name ?? ''}
            </>
          ),
        },
        {
          label: 'Echo received',
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
