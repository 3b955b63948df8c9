import { BellOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Flex, Grid, Layout, Menu, Space, Tag, Typography, theme } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useApi } from '../api/hooks';
import { usePerson, useSession } from '../features/session/session';
import { zh } from '../i18n/zh-CN';
import { ConnectionBanner, PageErrorBoundary, PageLoading } from './errors';
import { mayUse } from './pages';
import { FEATURES } from './routes';

const UNREAD_POLL_MS = 60_000;

/** The header's count: GET /api/notifications?unread=true, its `total`; again on every page change and each minute. */
function useUnreadCount(enabled: boolean): number | undefined {
  const location = useLocation();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setTick((n) => n + 1), UNREAD_POLL_MS);
    return () => clearInterval(timer);
  }, [enabled]);
  const { data } = useApi(
    (signal) => (enabled ? api.get<{ total: number }>('/api/notifications', { unread: true, limit: 1 }, signal) : Promise.resolve(undefined)),
    [enabled, location.pathname, tick],
  );
  return data?.total;
}

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const person = usePerson();
  const location = useLocation();
  const navigate = useNavigate();
  const items = FEATURES.filter((f) => mayUse(person.role, f.key)).map((f) => ({ key: f.path, icon: f.icon, label: f.label }));
  const selected = FEATURES.find((f) => location.pathname === f.path || location.pathname.startsWith(`${f.path}/`));
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected.path] : []}
      onClick={({ key }) => {
        void navigate(key);
        onNavigate?.();
      }}
    />
  );
}

/** The signed-in layout: header (person, unread count, sign-out), the role's menu (a drawer on phones), the page. */
export function Shell() {
  const person = usePerson();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const inbox = mayUse(person.role, 'inbox');
  const unread = useUnreadCount(inbox);
  const { token } = theme.useToken();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: phone ? 12 : 24, background: token.colorBgContainer, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
        {phone && <Button type="text" icon={<MenuOutlined />} aria-label={zh.app.openMenu} onClick={() => setDrawerOpen(true)} style={{ minWidth: 44, minHeight: 44 }} />}
        <Link to="/" style={{ color: 'inherit' }}>
          <Typography.Text strong style={{ fontSize: 18 }}>
            {zh.app.title}
          </Typography.Text>
        </Link>
        <div style={{ flex: 1 }} />
        {inbox && (
          <Link
            to="/inbox"
            aria-label={unread ? zh.app.unreadCount(unread) : zh.app.notifications}
            title={zh.app.notifications}
            style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', minWidth: 44, minHeight: 44, color: 'inherit' }}
          >
            <Badge count={unread ?? 0} size="small" overflowCount={99}>
              <BellOutlined style={{ fontSize: 18 }} />
            </Badge>
          </Link>
        )}
        <Space size={4} wrap={false} style={{ lineHeight: 1.3 }}>
          <Flex vertical align="flex-end">
            <Typography.Text strong>{person.name}</Typography.Text>
            {!phone && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {person.unitName}
              </Typography.Text>
            )}
          </Flex>
          {!phone && <Tag>{zh.roles[person.role]}</Tag>}
        </Space>
        <Button
          type="text"
          icon={<LogoutOutlined />}
          aria-label={zh.app.signOut}
          title={zh.app.signOut}
          style={{ minWidth: 44, minHeight: 44 }}
          onClick={() => void signOut().finally(() => navigate('/sign-in', { replace: true }))}
        >
          {!phone && zh.app.signOut}
        </Button>
      </Layout.Header>
      <Layout>
        {!phone && (
          <Layout.Sider width={200} theme="light" breakpoint="lg" collapsible>
            <NavMenu />
          </Layout.Sider>
        )}
        {phone && (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={240} title={`${person.name} · ${zh.roles[person.role]}`}>
            <Typography.Paragraph type="secondary">{person.unitName}</Typography.Paragraph>
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        {/* antd's Content is the page's <main>. */}
        <Layout.Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <ConnectionBanner />
          <PageErrorBoundary key={location.pathname}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
