import { App, Button, Card, Descriptions, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../api/hooks';
import { ApiErrorView, PageLoading } from '../../app/errors';
import { zh } from '../../i18n/zh-CN';
import { directivesApi, type DirectiveVersion } from './api';
import { DirectiveForm } from './DirectiveForm';
import { StatusTags } from './DirectivesList';

const t = zh.directives;
const minute = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/** A new directive, saved as its draft version 1. */
export function NewDirectivePage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  // One key per page visit: a double click or a retried request makes one directive.
  const [key] = useState(() => `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`);
  return (
    <Flex vertical gap={16}>
      <Link to="/directives">{t.back}</Link>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t.newTitle}
      </Typography.Title>
      <Card>
        <DirectiveForm
          submitLabel={t.save}
          onSubmit={async (body) => {
            const created = await directivesApi.create(body, key);
            void message.success(t.savedMessage(created.latestVersion));
            void navigate(`/directives/${encodeURIComponent(created.id)}`);
          }}
        />
      </Card>
    </Flex>
  );
}

/** One directive: its versions, the latest one's content, a form for a new version, and publishing the draft. */
export function DirectivePage() {
  const { directiveId = '' } = useParams();
  const detail = useApi((signal) => directivesApi.get(directiveId, signal), [directiveId]);
  const [editing, setEditing] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const { message } = App.useApp();
  if (detail.error && !detail.data) return <ApiErrorView error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageLoading />;
  const d = detail.data;
  const latest = d.versions[d.versions.length - 1] as DirectiveVersion;
  const content = latest.directive;

  const publish = async () => {
    setPublishing(true);
    try {
      const after = await directivesApi.publish(d.id);
      void message.success(t.publishedMessage(after.publishedVersion ?? 0));
      detail.reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setPublishing(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Link to="/directives">{t.back}</Link>
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {d.code} {d.title}
        </Typography.Title>
        <Flex gap={8} wrap>
          {d.draftVersion !== undefined && (
            <Popconfirm title={t.publishConfirm} onConfirm={() => void publish()}>
              <Button type="primary" loading={publishing}>
                {t.publish(d.draftVersion)}
              </Button>
            </Popconfirm>
          )}
          {!editing && <Button onClick={() => setEditing(true)}>{t.edit}</Button>}
          {d.publishedVersion !== undefined && <Link to="/assign">{t.assignIt}</Link>}
        </Flex>
      </Flex>
      <StatusTags d={d} />
      {editing && (
        <Card title={t.editTitle(d.latestVersion + 1)}>
          <DirectiveForm
            base={content}
            submitLabel={t.save}
            onCancel={() => setEditing(false)}
            onSubmit={async (body) => {
              const after = await directivesApi.edit(d.id, body);
              void message.success(t.savedMessage(after.latestVersion));
              setEditing(false);
              detail.reload();
            }}
          />
        </Card>
      )}
      <Card title={t.versions}>
        <Table<DirectiveVersion>
          rowKey="version"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={[...d.versions].reverse()}
          columns={[
            { title: t.versions, dataIndex: 'version', render: (v: number) => t.version(v) },
            {
              title: t.status,
              dataIndex: 'status',
              render: (s: string) => <Tag color={s === 'current' ? 'green' : s === 'draft' ? 'orange' : undefined}>{t.versionStatus[s]}</Tag>,
            },
            { title: t.createdAt, dataIndex: 'createdAt', render: minute },
            { title: t.createdBy, key: 'by', responsive: ['sm'], render: (_: unknown, v) => v.createdBy?.name ?? t.seeded },
            { title: t.publishedAt, dataIndex: 'publishedAt', responsive: ['sm'], render: minute },
          ]}
        />
      </Card>
      <Card title={`${t.latest}（${t.version(latest.version)}）`}>
        <Descriptions column={1} size="small" labelStyle={{ whiteSpace: 'nowrap' }}>
          <Descriptions.Item label={zh.directives.form.quote}>
            {content.sources.map((s, i) => (
              <div key={i}>
                {s.kind ? `【${zh.directives.form.sourceKinds[s.kind]}${s.title ? ` ${s.title}` : ''}】` : ''}「{s.quote}」
              </div>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={zh.directives.form.kinds}>{content.kinds.map((k) => zh.assign.kinds[k]).join('、')}</Descriptions.Item>
          <Descriptions.Item label={zh.directives.form.targetLevel}>{zh.levels[content.targetLevel]}</Descriptions.Item>
          <Descriptions.Item label={zh.directives.form.steps}>
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {content.steps.map((s) => (
                <li key={s.id}>{s.title.zh}</li>
              ))}
            </ol>
          </Descriptions.Item>
          <Descriptions.Item label={zh.directives.form.evidence}>{content.evidence.join('；') || t.none}</Descriptions.Item>
          <Descriptions.Item label={zh.directives.form.deadline}>{content.deadline.description ?? content.deadline.rule.type}</Descriptions.Item>
          {content.cadence && <Descriptions.Item label={zh.directives.form.cadence}>{zh.directives.form.cadences[content.cadence.rule.every] ?? content.cadence.rule.every}</Descriptions.Item>}
        </Descriptions>
      </Card>
    </Flex>
  );
}
