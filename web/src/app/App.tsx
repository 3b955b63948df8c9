import { LoadingOutlined } from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Grid } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from '../features/session/session';
import { zh } from '../i18n/zh-CN';
import { ApiErrorView, ConnectionBanner, Forbidden, NotFound, PageErrorBoundary, PageLoading } from './errors';
import { homeOf, mayUse, type PageKey } from './pages';
import { FEATURES, SignInRoutes } from './routes';
import { Shell } from './Shell';
import { themeFor } from './theme';

/** The signed-in part: until the session is known a spinner; signed out → sign-in, then back to this page. */
function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'unreachable')
    return (
      <>
        <ConnectionBanner />
        <ApiErrorView error={state.error} />
      </>
    );
  if (state.status === 'signedOut') {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

/** A page the person's role may not use: no link to it is shown, and its address says why (403). */
function PageGuard({ page, label, children }: { page: PageKey; label: string; children: ReactNode }) {
  const { state } = useSession();
  if (state.status !== 'signedIn') return null;
  const { role } = state.session.person;
  if (!mayUse(role, page)) return <Forbidden reason={zh.errors.forbiddenPage(zh.roles[role], label)} />;
  return children;
}

function Home() {
  const { state } = useSession();
  return state.status === 'signedIn' ? <Navigate to={homeOf(state.session.person.role)} replace /> : null;
}

export function App({ nonce }: { nonce: string | undefined }) {
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  return (
    <ConfigProvider
      locale={zhCN}
      csp={nonce ? { nonce } : undefined}
      // (Always an object: antd wraps its children differently with and without one, which would remount the app.)
      theme={themeFor(phone)}
      // A button's own loading icon, shown and removed at once: antd's default one leaves through a width transition
      // with no deadline, and when the transition never runs (a refusal answered within a frame on a busy phone)
      // the spinner stays on a button that is no longer loading.
      button={{ loadingIcon: <LoadingOutlined /> }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Suspense fallback={<PageLoading />}>
              <Routes>
                <Route
                  path="/sign-in/*"
                  element={
                    <PageErrorBoundary>
                      <ConnectionBanner />
                      <SignInRoutes />
                    </PageErrorBoundary>
                  }
                />
                <Route
                  element={
                    <RequireSession>
                      <Shell />
                    </RequireSession>
                  }
                >
                  <Route index element={<Home />} />
                  {FEATURES.map(({ key, path, label, Component }) => (
                    <Route
                      key={key}
                      path={`${path}/*`}
                      element={
                        <PageGuard page={key} label={label}>
                          <Component />
                        </PageGuard>
                      }
                    />
                  ))}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

