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
import { appTheme } from './theme';

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

/**
 * The nonce reaches antd before anything reads a theme token: Grid.useBreakpoint() reads one, and outside a
 * ConfigProvider with `csp` it would insert the default theme's CSS variables in a <style> without the nonce (which
 * the CSP blocks).
 */
export function App({ nonce }: { nonce: string | undefined }) {
  return (
    <ConfigProvider csp={nonce ? { nonce } : undefined}>
      <ThemedApp nonce={nonce} />
    </ConfigProvider>
  );
}

function ThemedApp({ nonce }: { nonce: string | undefined }) {
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  return (
    <ConfigProvider
      locale={zhCN}
      csp={nonce ? { nonce } : undefined}
      theme={appTheme(phone)}
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

