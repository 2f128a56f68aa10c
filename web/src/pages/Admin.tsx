/** Administration: organisations, users and roles, key status, and verification of the audit log. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, UserDto } from '../../../src/server/schemas';
import { ROLES } from '../../../src/server/api-constants';
import { ApiError, get, post, put } from '../api';

interface Org {
  id: string;
  name: string;
}
interface KeyStatus {
  organisation: string;
  keyVersion: number;
  createdAt?: string;
  rotatedAt?: string;
}
interface AuditResult {
  ok: boolean;
  entries: number;
  rootHash?: string;
  problems: string[];
}
interface NewUser {
  user: UserDto;
  oneTimePassword: string;
  totpUri: string;
}

export function AdminPage() {
  const { t } = useTranslation();
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [users, setUsers] = useState<UserDto[]>([]);
  const [keys, setKeys] = useState<KeyStatus[]>([]);
  const [audit, setAudit] = useState<AuditResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [created, setCreated] = useState<NewUser | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [orgName, setOrgName] = useState('');
  const [newUser, setNewUser] = useState<{ username: string; role: Role; organisation: string }>({
    username: '',
    role: 'documenter',
    organisation: '',
  });

  const load = useCallback(() => {
    void get<Org[]>('/admin/organisations')
      .then(setOrgs)
      .catch(() => undefined);
    void get<UserDto[]>('/admin/users')
      .then(setUsers)
      .catch(() => undefined);
    void get<KeyStatus[]>('/admin/keys')
      .then(setKeys)
      .catch(() => undefined);
  }, []);
  useEffect(load, [load]);

  const orgLabel = (id: string | undefined) =>
    id ? (orgs.find((o) => o.id === id)?.name ?? id) : '—';

  const addOrg = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post('/admin/organisations', { name: orgName.trim() });
      setOrgName('');
      setMessage(t('admin.saved'));
      load();
    } catch {
      setMessage(t('admin.failed'));
    }
  };
  const addUser = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const res = await post<NewUser>('/admin/users', {
        ...newUser,
        organisation:
          newUser.role === 'administrator' ? undefined : newUser.organisation || orgs[0]?.id,
      });
      setCreated(res);
      setNewUser({ username: '', role: 'documenter', organisation: newUser.organisation });
      load();
    } catch (err) {
      setMessage(
        err instanceof ApiError && err.status === 409 ? t('admin.exists') : t('admin.failed'),
      );
    }
  };
  const changeUser = async (u: UserDto, patch: Partial<Pick<UserDto, 'role' | 'disabled'>>) => {
    try {
      await put(`/admin/users/${encodeURIComponent(u.id)}`, {
        role: patch.role ?? u.role,
        disabled: patch.disabled ?? u.disabled,
      });
      load();
    } catch {
      setMessage(t('admin.failed'));
    }
  };
  const verify = async () => {
    setVerifying(true);
    try {
      setAudit(await post<AuditResult>('/admin/audit/verify'));
    } catch {
      setMessage(t('admin.failed'));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <div className="admin">
      <header className="page-head">
        <h1>{t('admin.title')}</h1>
      </header>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      <div className="case-columns">
        <section className="card" aria-labelledby="h-orgs">
          <h2 id="h-orgs">{t('admin.organisations')}</h2>
          <ul>
            {orgs.map((o) => (
              <li key={o.id}>{o.name}</li>
            ))}
          </ul>
          <form onSubmit={(e) => void addOrg(e)} className="inline-form">
            <label>
              {t('admin.orgName')}
              <input value={orgName} onChange={(e) => setOrgName(e.target.value)} required />
            </label>
            <button type="submit">{t('admin.add')}</button>
          </form>
        </section>
        <section className="card" aria-labelledby="h-keys">
          <h2 id="h-keys">{t('admin.keys')}</h2>
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t('admin.organisation')}</th>
                <th scope="col">{t('admin.keyVersion')}</th>
                <th scope="col">{t('admin.rotatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.organisation}>
                  <td>{orgLabel(k.organisation)}</td>
                  <td>{k.keyVersion}</td>
                  <td>{k.rotatedAt ?? k.createdAt ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t('admin.keysHint')}</p>
        </section>
      </div>

      <section className="card" aria-labelledby="h-users">
        <h2 id="h-users">{t('admin.users')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('login.username')}</th>
              <th scope="col">{t('admin.organisation')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.totp')}</th>
              <th scope="col">{t('admin.lastLogin')}</th>
              <th scope="col">{t('admin.state')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{orgLabel(u.organisation)}</td>
                <td>
                  <select
                    aria-label={t('admin.role')}
                    value={u.role}
                    onChange={(e) => void changeUser(u, { role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.totpEnrolled ? t('common.yes') : t('common.no')}</td>
                <td>{u.lastLoginAt ?? ''}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => void changeUser(u, { disabled: !u.disabled })}
                  >
                    {u.disabled ? t('admin.enable') : t('admin.disable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form onSubmit={(e) => void addUser(e)} className="inline-form">
          <label>
            {t('login.username')}
            <input
              value={newUser.username}
              pattern="[a-z0-9._\-]+"
              onChange={(e) => setNewUser({ ...newUser, username: e.target.value.toLowerCase() })}
              required
            />
          </label>
          <label>
            {t('admin.role')}
            <select
              value={newUser.role}
              onChange={(e) => setNewUser({ ...newUser, role: e.target.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.organisation')}
            <select
              disabled={newUser.role === 'administrator'}
              value={
                newUser.role === 'administrator' ? '' : newUser.organisation || orgs[0]?.id || ''
              }
              onChange={(e) => setNewUser({ ...newUser, organisation: e.target.value })}
            >
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('admin.addUser')}</button>
        </form>
        {created && (
          <div className="notice" role="status" data-testid="new-user-secret">
            <p>{t('admin.handOver', { user: created.user.username })}</p>
            <p>
              {t('admin.oneTimePassword')}: <code>{created.oneTimePassword}</code>
            </p>
            <p>
              {t('admin.totpSecret')}: <code className="wrap">{created.totpUri}</code>
            </p>
            <button type="button" className="secondary" onClick={() => setCreated(null)}>
              {t('admin.done')}
            </button>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="h-audit">
        <h2 id="h-audit">{t('admin.audit')}</h2>
        <p className="hint">{t('admin.auditHint')}</p>
        <button
          type="button"
          onClick={() => void verify()}
          disabled={verifying}
          data-testid="audit-verify"
        >
          {verifying ? t('common.wait') : t('admin.verify')}
        </button>
        {audit && (
          <div
            className={audit.ok ? 'notice ok' : 'error-box'}
            role="status"
            data-testid="audit-result"
          >
            <p>
              {audit.ok
                ? t('admin.auditOk', { count: audit.entries })
                : t('admin.auditBad', { count: audit.problems.length })}
            </p>
            {audit.rootHash && (
              <p>
                {t('admin.rootHash')}: <code className="wrap">{audit.rootHash}</code>
              </p>
            )}
            {audit.problems.length > 0 && (
              <ul>
                {audit.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
