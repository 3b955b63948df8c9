import { App, Badge, Button, Card, Empty, Flex, Pagination, Select, Space, Switch, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { inboxApi, taskLinkOf, type Notification } from './api';

const t = zh.inbox;
const PAGE = 20;
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function NotificationCard({ n, onRead, busy }: { n: Notification; onRead: () => void; busy: boolean }) {
  const link = taskLinkOf(n);
  const unread = !n.readAt;
  const { token } = theme.useToken();
  return (
    <Card size="small" data-notification={n.id} style={unread ? { borderLeft: `3px solid ${token.colorPrimary}` } : undefined}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Space wrap size={4} style={{ minWidth: 0 }}>
          <Badge status={unread ? 'processing' : 'default'} text={unread ? t.unread : t.read} />
          <Tag>{t.kinds[n.kind] ?? n.kind}</Tag>
          <Typography.Text strong style={{ wordBreak: 'break-word' }}>
            {n.title}
          </Typography.Text>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {minute(n.at)}
        </Typography.Text>
      </Flex>
      <Typography.Paragraph style={{ margin: '8px 0', wordBreak: 'break-word' }}>{n.text}</Typography.Paragraph>
      <Flex gap={8} wrap align="center">
        {n.dueAt && <Typography.Text type="secondary">{t.due(n.dueAt.slice(0, 10))}</Typography.Text>}
        <Flex flex={1} />
        {link && (
          <Link to={link}>
            <Button style={{ minHeight: 44 }} tabIndex={-1}>
              {t.openTask}
            </Button>
          </Link>
        )}
        {unread && (
          <Button type="primary" loading={busy} onClick={onRead} style={{ minHeight: 44 }}>
            {t.markRead}
          </Button>
        )}
      </Flex>
    </Card>
  );
}

/** 通知: the person's inbox (their unit, their role), unread first if asked, by kind; mark read; open the task. */
export function InboxPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [kind, setKind] = useState<string>();
  const [page, setPage] = useState(0);
  const [busy, setBusy] = useState<string>();
  const { message } = App.useApp();
  const list = useApi((signal) => inboxApi.list({ unread: unreadOnly, kind, limit: PAGE, offset: page * PAGE }, signal), [unreadOnly, kind, page]);

  const markRead = async (id: string) => {
    setBusy(id);
    try {
      await inboxApi.markRead(id);
      // The list and the header's count load again.
      inboxApi.refreshUnread();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(undefined);
    }
  };

  if (list.error && !list.data) return <ApiErrorView error={list.error} onRetry={list.reload} />;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t.title}
      </Typography.Title>
      <Flex gap={16} wrap align="center">
        <Space>
          <Switch
            checked={unreadOnly}
            onChange={(v) => {
              setUnreadOnly(v);
              setPage(0);
            }}
            aria-label={t.unreadOnly}
          />
          <span>{t.unreadOnly}</span>
        </Space>
        <Select
          aria-label={t.kind}
          value={kind ?? ''}
          onChange={(v: string) => {
            setKind(v || undefined);
            setPage(0);
          }}
          style={{ minWidth: 160 }}
          options={[{ value: '', label: t.anyKind }, ...Object.entries(t.kinds).map(([value, label]) => ({ value, label }))]}
        />
        {list.data && <Typography.Text type="secondary">{t.total(list.data.total)}</Typography.Text>}
      </Flex>
      {!list.data ? (
        <PageLoading />
      ) : list.data.notifications.length === 0 ? (
        <Empty description={t.empty} />
      ) : (
        <>
          {list.data.notifications.map((n) => (
            <NotificationCard key={n.id} n={n} busy={busy === n.id} onRead={() => void markRead(n.id)} />
          ))}
          {list.data.total > PAGE && (
            <Pagination simple current={page + 1} pageSize={PAGE} total={list.data.total} onChange={(p) => setPage(p - 1)} style={{ alignSelf: 'center' }} />
          )}
        </>
      )}
    </Flex>
  );
}
