import { ArrowLeftOutlined } from '@ant-design/icons';
import { Badge, Card, Col, Empty, Flex, List, Progress, Row, Statistic, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { campaignPage, day, petitionsApi, type Campaign } from './api';
import { PetitionsNav } from './Nav';

const t = zh.petitions;
const STATUS_COLOR = { scheduled: 'default', open: 'processing', ended: 'success' } as const;

const percent = (c: Campaign) => (c.progress.cases ? Math.round((c.progress.screened / c.progress.cases) * 100) : 0);

function CampaignProgress({ c }: { c: Campaign }) {
  return (
    <Progress
      percent={percent(c)}
      size="small"
      status={c.progress.overdue > 0 ? 'exception' : c.status === 'ended' ? 'success' : 'active'}
      aria-label={`${t.progress} ${c.progress.screened}/${c.progress.cases}`}
      format={() => `${c.progress.screened}/${c.progress.cases}`}
    />
  );
}

/** 再排查 campaigns concerning the person's unit, each with its screening progress. */
export function CampaignsPage() {
  const loaded = useApi((signal) => petitionsApi.campaigns(signal), []);
  let body;
  if (loaded.error && !loaded.data) body = <ApiErrorView error={loaded.error} onRetry={loaded.reload} />;
  else if (!loaded.data) body = <PageLoading />;
  else if (!loaded.data.campaigns.length) body = <Empty description={t.noCampaigns} />;
  else
    body = (
      <List
        dataSource={loaded.data.campaigns}
        renderItem={(c) => (
          <List.Item key={c.id} style={{ display: 'block' }}>
            <Flex justify="space-between" wrap gap="small" align="center">
              <Link to={campaignPage(c.id)} style={{ minHeight: 44, display: 'inline-flex', alignItems: 'center' }}>
                {c.id}
              </Link>
              <Badge status={STATUS_COLOR[c.status]} text={t.campaignStatus[c.status]} />
            </Flex>
            <Typography.Text type="secondary">
              {t.scope} {c.scopeUnitName ?? c.scopeUnitId} · {day(c.opensAt)} – {day(c.dueAt)}
            </Typography.Text>
            <CampaignProgress c={c} />
          </List.Item>
        )}
      />
    );
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t.title}
      </Typography.Title>
      <PetitionsNav active="campaigns" />
      <Card size="small">{body}</Card>
    </Flex>
  );
}

/** A campaign's progress: how many of its cases are screened, passed, failed, overdue, and their follow-ups. */
export function CampaignPage() {
  const { campaignId = '' } = useParams();
  const loaded = useApi((signal) => petitionsApi.campaign(campaignId, signal), [campaignId]);
  const c = loaded.data?.id === campaignId ? loaded.data : undefined;
  if (loaded.error && !c) return <ApiErrorView error={loaded.error} onRetry={loaded.reload} />;
  if (!c) return <PageLoading />;
  const stats: Array<[string, number]> = [
    [t.cases, c.progress.cases],
    [t.screenedCount, c.progress.screened],
    [t.pending, c.progress.pending],
    [t.passed, c.progress.passed],
    [t.failed, c.progress.failed],
    [t.overdueCount, c.progress.overdue],
    [t.screenedLate, c.progress.screenedLate],
    [t.followUps, c.progress.followUps],
  ];
  return (
    <Flex vertical gap={16}>
      <Link to="/petitions/campaigns" style={{ minHeight: 44, display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <ArrowLeftOutlined /> {t.campaigns}
      </Link>
      <Flex wrap gap="small" align="center">
        <Typography.Title level={2} style={{ margin: 0, wordBreak: 'break-all' }}>
          {c.id}
        </Typography.Title>
        <Badge status={STATUS_COLOR[c.status]} text={t.campaignStatus[c.status]} />
      </Flex>
      <Card size="small">
        <Typography.Paragraph>
          {t.scope} {c.scopeUnitName ?? c.scopeUnitId} · {t.opensAt} {day(c.opensAt)} · {t.dueAt} {day(c.dueAt)}
          {c.sensitivePeriod && ` · ${t.sensitivePeriod} ${c.sensitivePeriod.year}${c.sensitivePeriod.name}`}
        </Typography.Paragraph>
        {c.note && <Typography.Paragraph type="secondary">{c.note}</Typography.Paragraph>}
        <CampaignProgress c={c} />
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          {stats.map(([title, value]) => (
            <Col key={title} xs={12} sm={8} md={6}>
              <Statistic title={title} value={value} />
            </Col>
          ))}
        </Row>
      </Card>
      <Link to={`/petitions?unitId=${encodeURIComponent(c.scopeUnitId)}`}>{t.tabCases}</Link>
    </Flex>
  );
}
