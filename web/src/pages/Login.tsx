import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../src/server/schemas';
import { ApiError, post } from '../api';
import { useSession } from '../session';

/** Sign-in with password and the second factor (TOTP code) in one step. */
export function LoginPage() {
  const { t } = useTranslation();
  const { setUser } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ user: SessionUser }>('/session', { username, password, totp });
      setPassword('');
      setTotp('');
      setUser(res.user);
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t('login.tooMany'));
      else if (err instanceof ApiError && err.status === 403 && err.problem.type.endsWith('csrf'))
        setError(t('login.reload'));
      else setError(t('login.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <h1>
        Jayu <span lang="ko">자유</span>
      </h1>
      <p className="tagline">{t('app.tagline')}</p>
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'login-error' : undefined}>
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <label>
          {t('login.totp')}
          <input
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            value={totp}
            onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
            required
            aria-describedby="totp-hint"
          />
          <small id="totp-hint">{t('login.totpHint')}</small>
        </label>
        {error && (
          <p role="alert" id="login-error" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('common.wait') : t('login.submit')}
        </button>
      </form>
      <p className="offline-note">{t('login.offline')}</p>
    </main>
  );
}

/** First sign-in with a one-time password: the user chooses her own before anything else. */
export function PasswordChangePage() {
  const { t } = useTranslation();
  const { setUser } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setError(t('password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ user: SessionUser }>('/session/password', {
        currentPassword: current,
        newPassword: next,
      });
      setUser(res.user);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 400 ? t('password.weak') : t('password.failed'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <h1>{t('password.title')}</h1>
      <p className="tagline">{t('password.intro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('password.current')}
          <input
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          {t('password.new')}
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            minLength={12}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
          />
        </label>
        <label>
          {t('password.repeat')}
          <input
            name="repeatPassword"
            type="password"
            autoComplete="new-password"
            minLength={12}
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            required
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('common.wait') : t('password.submit')}
        </button>
      </form>
    </main>
  );
}
