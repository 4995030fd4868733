import { useTranslation } from 'react-i18next';
import type { LiveStatus } from './useLiveRefresh.js';

/** Small badge with the state of the change notifications: 实时 while they arrive, 重新连接中 otherwise. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useTranslation('events');
  return (
    <p className={`live-indicator ${status}`} role="status" data-testid="live-indicator" data-status={status}>
      <span className="live-dot" />
      {t(`live.${status}`)}
    </p>
  );
}
