import { Notification, Portal } from '@mantine/core';
import { useEffect } from 'react';
import { selectNotice } from '../store/selectors';
import { useActions, useAppStore } from '../store/store-context';
import { useT } from '../i18n/use-t';

/**
 * One short-lived message (saved, deleted, refused…), at the top centre: the bottom of the
 * window holds the publish form and its button, which a toast must never cover.
 */
export function NoticeToast() {
  const { t } = useT('common');
  const notice = useAppStore(selectNotice);
  const { dismissNotice } = useActions();
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(dismissNotice, notice.color === 'red' ? 8000 : 3500);
    return () => clearTimeout(t);
  }, [notice, dismissNotice]);
  if (!notice) return null;
  return (
    <Portal>
      <Notification
        color={notice.color}
        onClose={dismissNotice}
        role="status"
        data-testid="notice"
        style={{
          position: 'fixed',
          top: 12,
          left: '50%',
          transform: 'translateX(-50%)',
          zIndex: 1000,
          width: 'max-content',
          maxWidth: 'min(420px, calc(100vw - 32px))',
        }}
        closeButtonProps={{ 'aria-label': t('dismiss') }}
      >
        {notice.message}
      </Notification>
    </Portal>
  );
}
