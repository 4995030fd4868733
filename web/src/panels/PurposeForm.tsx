import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadPurpose, savePurpose } from '../session/session.js';

/** The gateway accepts a declared purpose of 2 to 100 characters. */
const PURPOSE_LENGTH = { min: 2, max: 100 } as const;

/** Returns the purpose declared in this session (kept in `sessionStorage`, so it ends with the tab) and its setter. */
export function usePurpose(): [string | null, (purpose: string | null) => void] {
  const [purpose, setPurpose] = useState<string | null>(loadPurpose);
  const update = useCallback((value: string | null) => {
    savePurpose(value);
    setPurpose(value);
  }, []);
  return [purpose, update];
}

export interface PurposeFormProps {
  purpose: string | null;
  onPurpose(purpose: string | null): void;
}

/**
 * Lets a department that may read raw personal data (police for residents, housing and police for landlords)
 * declare why, e.g. a case number. The panel then sends its query again with the purpose, which the access log
 * records with every raw value released.
 */
export function PurposeForm({ purpose, onPurpose }: PurposeFormProps) {
  const { t } = useTranslation('session');
  const [draft, setDraft] = useState(purpose ?? '');
  const [invalid, setInvalid] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    const valid = value.length >= PURPOSE_LENGTH.min && value.length <= PURPOSE_LENGTH.max;
    setInvalid(!valid);
    if (valid) onPurpose(value);
  };

  if (purpose) {
    return (
      <div className="purpose" data-testid="purpose">
        <p className="notice info">{t('purpose.declared', { purpose })}</p>
        <button
          type="button"
          onClick={() => {
            setDraft('');
            onPurpose(null);
          }}
        >
          {t('purpose.clear')}
        </button>
      </div>
    );
  }
  return (
    <form className="purpose" onSubmit={submit} data-testid="purpose">
      <label>
        {t('purpose.label')}
        <input
          name="purpose"
          value={draft}
          maxLength={PURPOSE_LENGTH.max}
          onChange={(event) => setDraft(event.target.value)}
        />
      </label>
      <button type="submit">{t('purpose.submit')}</button>
      {invalid && <p className="notice error">{t('purpose.invalid')}</p>}
    </form>
  );
}
