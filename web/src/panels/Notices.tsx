import { useTranslation } from 'react-i18next';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** Offers a way back to the default unit, for a URL that names a bad or unknown unit. */
  reset?: boolean;
}

export interface NoticesProps {
  notices: Notice[];
  onReset(): void;
}

/** Loading state and failures, shown in the panel so a failure never leaves a blank screen. */
export function Notices({ notices, onReset }: NoticesProps) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {notices.map((notice) => (
        <p key={notice.text} className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
          {notice.reset && (
            <button type="button" className="link" onClick={onReset}>
              {t('status.backToDefault')}
            </button>
          )}
        </p>
      ))}
    </div>
  );
}
