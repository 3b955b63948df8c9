import {
  AlertOutlined,
  AuditOutlined,
  BellOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FileTextOutlined,
  NotificationOutlined,
  SendOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type ReactNode } from 'react';
import { useRoutes, type RouteObject } from 'react-router';
import { zh } from '../i18n/zh-CN';
import type { PageKey } from './pages';

/** What a feature's `routes.tsx` exports: its routes, relative to the feature's path. */
export interface FeatureModule {
  routes: RouteObject[];
}

export interface FeatureEntry {
  key: PageKey;
  /** Where the feature is mounted: `/dashboard`, `/tasks` … (its routes are relative to it). */
  path: string;
  label: string;
  icon: ReactNode;
  /** The feature's routes, loaded when first visited (its own chunk). */
  Component: LazyFeature;
}

type LazyFeature = ComponentType & { preload: () => void };

/** A feature's chunk, loaded on first visit (or preload()), rendering the feature's own routes. */
function lazyFeature(load: () => Promise<FeatureModule>): LazyFeature {
  let loading: Promise<FeatureModule> | undefined;
  const once = () => (loading ??= load());
  const Component = lazy(async () => {
    const { routes } = await once();
    return { default: () => useRoutes(routes) };
  });
  return Object.assign(Component, {
    preload: () => {
      // A failed fetch is shown when the page renders (PageErrorBoundary); here it is only started early.
      once().catch(() => (loading = undefined));
    },
  });
}

/**
 * The registry: every feature of the signed-in app, in menu order. Which role sees which is app/pages.ts.
 * The sign-in page (features/session) is mounted outside the shell, in App.tsx.
 */
export const FEATURES: FeatureEntry[] = [
  { key: 'dashboard', path: '/dashboard', label: zh.nav.dashboard, icon: <DashboardOutlined />, Component: lazyFeature(() => import('../features/dashboard/routes')) },
  { key: 'assign', path: '/assign', label: zh.nav.assign, icon: <SendOutlined />, Component: lazyFeature(() => import('../features/assign/routes')) },
  { key: 'directives', path: '/directives', label: zh.nav.directives, icon: <FileAddOutlined />, Component: lazyFeature(() => import('../features/directives/routes')) },
  { key: 'speech', path: '/speech', label: zh.nav.speech, icon: <FileTextOutlined />, Component: lazyFeature(() => import('../features/assign/speech-routes')) },
  { key: 'supervise', path: '/supervise', label: zh.nav.supervise, icon: <AlertOutlined />, Component: lazyFeature(() => import('../features/supervise/routes')) },
  { key: 'bulletins', path: '/bulletins', label: zh.nav.bulletins, icon: <NotificationOutlined />, Component: lazyFeature(() => import('../features/bulletins/routes')) },
  { key: 'tasks', path: '/tasks', label: zh.nav.tasks, icon: <UnorderedListOutlined />, Component: lazyFeature(() => import('../features/tasks/routes')) },
  { key: 'inbox', path: '/inbox', label: zh.nav.inbox, icon: <BellOutlined />, Component: lazyFeature(() => import('../features/inbox/routes')) },
  { key: 'calendar', path: '/calendar', label: zh.nav.calendar, icon: <CalendarOutlined />, Component: lazyFeature(() => import('../features/calendar/routes')) },
  { key: 'standards', path: '/standards', label: zh.nav.standards, icon: <CheckSquareOutlined />, Component: lazyFeature(() => import('../features/standards/routes')) },
  { key: 'petitions', path: '/petitions', label: zh.nav.petitions, icon: <AuditOutlined />, Component: lazyFeature(() => import('../features/petitions/routes')) },
];

export const SignInRoutes = lazyFeature(() => import('../features/session/routes'));

/**
 * Starts fetching the code of the page at `path` while the session is still being checked, rather than after: the
 * first render of a deep link (驾驶舱 from a bookmark, a task from a DingTalk link) waits for one round trip less.
 */
export function preloadPage(path: string): void {
  if (path.startsWith('/sign-in')) return SignInRoutes.preload();
  FEATURES.find((f) => path === f.path || path.startsWith(`${f.path}/`))?.Component.preload();
}
