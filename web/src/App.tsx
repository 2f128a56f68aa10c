import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { del } from './api';
import { LanguageSwitch } from './components/LanguageSwitch';
import { navigate, match, usePath } from './router';
import { ReferenceProvider, SessionProvider, useSession } from './session';
import { AdminPage } from './pages/Admin';
import { CaseListPage } from './pages/CaseList';
import { IntakePage } from './pages/Intake';
import { LoginPage, PasswordChangePage } from './pages/Login';
import { UrgentPage } from './pages/Urgent';

// The map (Leaflet) and the charts (ECharts) load with the screens that draw them, not at sign-in.
const CaseViewPage = lazy(() =>
  import('./pages/CaseView').then((m) => ({ default: m.CaseViewPage })),
);
const DashboardPage = lazy(() =>
  import('./pages/Dashboard').then((m) => ({ default: m.DashboardPage })),
);
import type { Role } from '../../src/server/schemas';

export function App() {
  return (
    <SessionProvider>
      <ReferenceProvider>
        <Shell />
      </ReferenceProvider>
    </SessionProvider>
  );
}

interface NavItem {
  path: string;
  key: string;
  roles: Role[];
}

const NAV: NavItem[] = [
  { path: '/cases', key: 'nav.cases', roles: ['documenter', 'legal_officer', 'analyst'] },
  { path: '/cases/new', key: 'nav.intake', roles: ['documenter'] },
  { path: '/urgent', key: 'nav.urgent', roles: ['documenter', 'legal_officer'] },
  {
    path: '/dashboard',
    key: 'nav.dashboard',
    roles: ['documenter', 'legal_officer', 'analyst', 'viewer', 'coordinator'],
  },
  { path: '/admin', key: 'nav.admin', roles: ['administrator'] },
];

/** Administrators manage the installation and read no case; viewers see aggregates only. */
function homeFor(role: Role): string {
  if (role === 'administrator') return '/admin';
  return role === 'viewer' || role === 'coordinator' ? '/dashboard' : '/cases';
}

function Shell() {
  const { t } = useTranslation();
  const { user, loading, setUser } = useSession();
  const path = usePath();

  useEffect(() => {
    if (loading) return;
    if (!user && path !== '/login') navigate('/login', true);
    if (user && (path === '/login' || path === '/')) navigate(homeFor(user.role), true);
  }, [user, loading, path]);

  useEffect(() => {
    document.title = `Jayu · ${t('app.name')}`;
  }, [t]);

  if (loading) return <p className="loading">{t('common.loading')}</p>;
  if (!user || user.mustChangePassword) {
    return (
      <div className="login-shell">
        <header className="login-header">
          <LanguageSwitch />
        </header>
        {user ? <PasswordChangePage /> : <LoginPage />}
      </div>
    );
  }

  const signOut = async () => {
    try {
      await del('/session');
    } finally {
      setUser(null);
      navigate('/login', true);
    }
  };

  let page: ReactNode;
  let m: Record<string, string> | null;
  if (path === '/cases') page = <CaseListPage />;
  else if (path === '/cases/new') page = <IntakePage />;
  else if ((m = match('/cases/:id/edit', path))) page = <IntakePage caseId={m.id} />;
  else if ((m = match('/cases/:id', path))) page = <CaseViewPage caseId={m.id!} />;
  else if (path === '/urgent') page = <UrgentPage />;
  else if (path === '/dashboard') page = <DashboardPage />;
  else if (path === '/admin') page = <AdminPage />;
  else page = <p role="alert">{t('common.notFound')}</p>;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <span className="brand" lang="ko">
          Jayu <span aria-hidden="true">자유</span>
        </span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.filter((n) => n.roles.includes(user.role)).map((n) => {
              const active =
                n.path === '/cases'
                  ? path === '/cases' || /^\/cases\/(?!new)/.test(path)
                  : path === n.path;
              return (
                <li key={n.path}>
                  <a
                    href={n.path}
                    aria-current={active ? 'page' : undefined}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(n.path);
                    }}
                  >
                    {t(n.key)}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="userbox">
          <LanguageSwitch />
          <span className="who" data-testid="who">
            {user.username} · {t(`role.${user.role}`)}
          </span>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p>{t('common.loading')}</p>}>{page}</Suspense>
      </main>
    </div>
  );
}
