/**
 * Administration: organisations, users and roles, key status, and verification of the audit log.
 * Administrators run the installation and read no case (the protection layer's policy).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AuditVerifyDto,
  OneTimeCredentialsDto,
  Role,
  UserDto,
} from '../../../src/server/schemas';
import { INSTALLATION_ROLES, ROLES } from '../../../src/server/api-constants';
import { ApiError, get, post } from '../api';

interface Org {
  id: string;
  name: string;
}
interface KeyStatus {
  organisation: string;
  keyVersion: number;
}

export function AdminPage() {
  const { t } = useTranslation();
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [users, setUsers] = useState<UserDto[]>([]);
  const [keys, setKeys] = useState<KeyStatus[]>([]);
  const [audit, setAudit] = useState<AuditVerifyDto | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [created, setCreated] = useState<OneTimeCredentialsDto | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [org, setOrg] = useState({ id: '', name: '' });
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
      await post('/admin/organisations', { id: org.id.trim(), name: org.name.trim() });
      setOrg({ id: '', name: '' });
      setMessage(t('admin.saved'));
      load();
    } catch {
      setMessage(t('admin.failed'));
    }
  };
  const addUser = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const res = await post<OneTimeCredentialsDto>('/admin/users', {
        username: newUser.username,
        role: newUser.role,
        organisation: INSTALLATION_ROLES.includes(newUser.role)
          ? undefined
          : newUser.organisation || orgs[0]?.id,
      });
      setCreated(res);
      setNewUser({ ...newUser, username: '' });
      load();
    } catch (err) {
      setMessage(
        err instanceof ApiError && err.status === 409 ? t('admin.exists') : t('admin.failed'),
      );
    }
  };
  const disable = async (u: UserDto) => {
    try {
      await post(`/admin/users/${encodeURIComponent(u.username)}/disable`);
      load();
    } catch {
      setMessage(t('admin.failed'));
    }
  };
  const reset = async (u: UserDto) => {
    try {
      setCreated(
        await post<OneTimeCredentialsDto>(`/admin/users/${encodeURIComponent(u.username)}/reset`),
      );
    } catch {
      setMessage(t('admin.failed'));
    }
  };
  const verify = async () => {
    setVerifying(true);
    try {
      setAudit(await post<AuditVerifyDto>('/admin/audit/verify'));
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
          <ul data-testid="org-list">
            {orgs.map((o) => (
              <li key={o.id}>
                {o.name} <span className="muted">({o.id})</span>
              </li>
            ))}
          </ul>
          <form onSubmit={(e) => void addOrg(e)} className="inline-form">
            <label>
              {t('admin.orgId')}
              <input
                value={org.id}
                pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"
                onChange={(e) => setOrg({ ...org, id: e.target.value })}
                required
              />
            </label>
            <label>
              {t('admin.orgName')}
              <input
                value={org.name}
                onChange={(e) => setOrg({ ...org, name: e.target.value })}
                required
              />
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
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.organisation}>
                  <td>{orgLabel(k.organisation)}</td>
                  <td>{k.keyVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t('admin.keysHint')}</p>
        </section>
      </div>

      <section className="card" aria-labelledby="h-users">
        <h2 id="h-users">{t('admin.users')}</h2>
        <table data-testid="user-table">
          <thead>
            <tr>
              <th scope="col">{t('login.username')}</th>
              <th scope="col">{t('admin.organisation')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.username}>
                <td>{u.username}</td>
                <td>{orgLabel(u.organisation)}</td>
                <td>{t(`role.${u.role}`)}</td>
                <td>
                  {u.disabled
                    ? t('admin.disabled')
                    : u.locked
                      ? t('admin.locked')
                      : t('admin.active')}
                </td>
                <td className="actions">
                  {!u.disabled && (
                    <button type="button" className="secondary" onClick={() => void disable(u)}>
                      {t('admin.disable')}
                    </button>
                  )}{' '}
                  <button type="button" className="secondary" onClick={() => void reset(u)}>
                    {t('admin.reset')}
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
              pattern="[a-z][a-z0-9_.\-]{1,63}"
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
              disabled={INSTALLATION_ROLES.includes(newUser.role)}
              value={
                INSTALLATION_ROLES.includes(newUser.role)
                  ? ''
                  : newUser.organisation || orgs[0]?.id || ''
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
            <p>{t('admin.handOver', { user: created.username })}</p>
            <p>
              {t('admin.oneTimePassword')}: <code>{created.oneTimePassword}</code>
            </p>
            <p>
              {t('admin.totpSecret')}: <code className="wrap">{created.totpSecret}</code>
            </p>
            <p>
              <code className="wrap">{created.totpUri}</code>
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
                : t('admin.auditBad', { count: audit.problems.length + audit.moreProblems })}
            </p>
            <p>
              {t('admin.rootHash')}: <code className="wrap">{audit.rootHash}</code>
            </p>
            {audit.problems.length > 0 && (
              <ul>
                {audit.problems.map((p, i) => (
                  <li key={i}>
                    {t(`auditProblem.${p.kind}`, { defaultValue: p.kind })}
                    {p.seq !== undefined ? ` #${p.seq}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
