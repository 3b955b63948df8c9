import { Alert, App, Button, Card, Empty, Flex, List, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { usePerson } from '../session/session';
import { bulletinsApi } from './api';

const t = zh.bulletins;

/** The month under way and the eleven before it, as 'YYYY-MM' with their Chinese labels, the latest first. */
function recentMonths(now = new Date()): Array<{ value: string; label: string }> {
  // Shanghai's month: the app is used in China, whatever the browser's zone.
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const index = year * 12 + (month - 1) - i;
    const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
    return { value: `${y}-${String(m).padStart(2, '0')}`, label: `${y}年${m}月` };
  });
}

export const shortTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** 通报: the unit's bulletins, newest period first, and making one for a month (by default the one before). */
export function BulletinsPage() {
  const person = usePerson();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const months = recentMonths();
  const [period, setPeriod] = useState(months[1]?.value ?? months[0]!.value);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string>();
  const list = useApi((signal) => bulletinsApi.list(person.unitId, signal), [person.unitId]);

  const create = async () => {
    setCreating(true);
    setError(undefined);
    try {
      const made = await bulletinsApi.create({ scopeUnitId: person.unitId, period });
      const existed = list.data?.bulletins.some((b) => b.id === made.id);
      void message.success(existed ? t.existing : t.created);
      void navigate(made.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setCreating(false);
    }
  };

  if (list.error && !list.data) return <ApiErrorView error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Typography.Text type="secondary">{list.data.name}</Typography.Text>
      </div>
      <Card size="small" title={t.create}>
        <Flex wrap gap="small" align="center">
          <Select aria-label={t.period} value={period} onChange={setPeriod} options={months} style={{ width: 160 }} />
          <Button type="primary" loading={creating} onClick={() => void create()} style={{ minHeight: 44 }}>
            {t.create}
          </Button>
        </Flex>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Card>
      <Card size="small" title={t.list}>
        {list.data.bulletins.length === 0 ? (
          <Empty description={t.empty} />
        ) : (
          <List
            dataSource={list.data.bulletins}
            renderItem={(b) => (
              <List.Item key={b.id} actions={[<Link key="view" to={b.id}>{t.view}</Link>]}>
                <List.Item.Meta
                  title={<Link to={b.id}>{t.heading(b.periodLabel, b.scopeName ?? list.data!.name)}</Link>}
                  description={
                    <Flex wrap gap={8} align="center">
                      <span>
                        {t.asOf} {shortTime(b.asOf)}
                      </span>
                      <Tag color={b.source === 'schedule' ? 'blue' : 'default'}>{b.source === 'schedule' ? t.bySchedule : t.byPerson(b.createdBy.name)}</Tag>
                    </Flex>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Flex>
  );
}
