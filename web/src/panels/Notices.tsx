import { useTranslation } from 'react-i18next';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** Offers a way back to the default unit, for a URL that names a bad or unknown unit or one outside the jurisdiction. */
  reset?: boolean;
}

export interface NoticesProps {
  notices: Notice[];
  onReset(): void;
}

/** Keeps the first of notices with the same text, so one failure never shows twice. */
function distinct(notices: Notice[]): Notice[] {
  const seen = new Set<string>();
  return notices.filter((notice) => {
    if (seen.has(notice.text)) return false;
    seen.add(notice.text);
    return true;
  });
}

/** Loading state and failures, shown in the panel so a failure never leaves a blank screen. */
export function Notices({ notices, onReset }: NoticesProps) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {distinct(notices).map((notice) => (
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
