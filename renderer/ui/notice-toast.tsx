import { Notification, Portal } from '@mantine/core';
import { useEffect } from 'react';
import { selectNotice } from '../store/selectors';
import { useActions, useAppStore } from '../store/store-context';

/** One short-lived message in the corner (saved, deleted, refused…). */
export function NoticeToast() {
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
        style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 1000, maxWidth: 420 }}
        closeButtonProps={{ 'aria-label': 'Dismiss' }}
      >
        {notice.message}
      </Notification>
    </Portal>
  );
}
