import './LoginPage.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../panels/LanguageSwitch.js';
import type { Session, SessionEnd } from './session.js';

export interface LoginPageProps {
  /** Reason the previous session ended, or null on a first visit. */
  ended: SessionEnd | null;
  onLogin(session: Session): void;
}

interface ErrorBody {
  errors?: { message?: string }[];
}

/**
 * Sends `POST /auth/login` and returns the session, or throws an Error with the message to show: the gateway's own
 * (Chinese) message for a wrong password, a locked account (429) or a missing field.
 */
async function requestLogin(username: string, password: string, networkFailed: string): Promise<Session> {
  let response: Response;
  try {
    response = await fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new Error(networkFailed);
  }
  const body = (await response.json().catch(() => null)) as (Session & ErrorBody) | null;
  if (response.ok && body?.token) return { token: body.token, expiresAt: body.expiresAt, user: body.user };
  throw new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
}

/** Renders the login form: user name and password of a local account. */
export function LoginPage({ ended, onLogin }: LoginPageProps) {
  const { t } = useTranslation('session');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    requestLogin(username.trim(), password, t('login.networkFailed'))
      .then(onLogin)
      .catch((failure: unknown) => {
        setError(failure instanceof Error ? failure.message : String(failure));
        setPending(false);
      });
  };

  return (
    <div className="login">
      <header className="header">
        <h1>{t('login.title')}</h1>
        <LanguageSwitch />
      </header>
      <main>
        <form className="login-form" onSubmit={submit} aria-labelledby="login-heading">
          <h2 id="login-heading">{t('login.heading')}</h2>
          {ended === 'expired' && !error && (
            <p className="notice error" role="alert" data-testid="login-notice">
              {t('login.expired')}
            </p>
          )}
          {ended === 'logout' && !error && (
            <p className="notice info" role="status" data-testid="login-notice">
              {t('login.loggedOut')}
            </p>
          )}
          {error && (
            <p className="notice error" role="alert" data-testid="login-error">
              {t('login.failed', { detail: error })}
            </p>
          )}
          <label>
            {t('login.username')}
            <input
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          </label>
          <label>
            {t('login.password')}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <button type="submit" disabled={pending}>
            {pending ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
