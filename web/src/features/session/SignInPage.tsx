import { UserOutlined } from '@ant-design/icons';
import { Alert, Avatar, Button, Card, Flex, Form, Input, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { applyApiError } from '../../api/form-errors';
import { useApi } from '../../api/hooks';
import { homeOf } from '../../app/pages';
import { zh } from '../../i18n/zh-CN';
import { sessionApi, useSession } from './session';

/** Only a path of this app is a place to return to after sign-in (never another origin). */
function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : undefined;
}

export function SignInPage() {
  const { state, signedIn } = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const demo = useApi(() => sessionApi.demoPeople(), []);
  const [form] = Form.useForm<{ token: string }>();
  const [busy, setBusy] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  if (state.status === 'signedIn') return <Navigate to={next ?? homeOf(state.session.person.role)} replace />;

  const signIn = async (key: string, body: { token: string } | { demoPerson: string }) => {
    setBusy(key);
    setFailure(undefined);
    try {
      signedIn(await sessionApi.signIn(body));
    } catch (err) {
      if ('token' in body) {
        if (!applyApiError(form, err)) form.setFields([{ name: 'token', errors: [err instanceof Error ? err.message : String(err)] }]);
      } else setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(undefined);
    }
  };

  const people = demo.data;
  return (
    <Flex justify="center" style={{ padding: '48px 16px' }}>
      <Card title={<Typography.Title level={1} style={{ margin: 0, fontSize: 20 }}>{zh.session.title}</Typography.Title>} style={{ width: '100%', maxWidth: 480 }}>
        <Flex vertical gap={16}>
          {state.status === 'signedOut' && state.expired && <Alert type="warning" showIcon title={zh.errors.sessionExpired} />}
          {failure && <Alert type="error" showIcon title={failure} />}
          {demo.loading && !people && <Spin />}
          {demo.error && !(demo.error instanceof ApiError && demo.error.unreachable) && <Alert type="error" showIcon title={demo.error.message} />}
          {people && people.length > 0 && (
            <>
              <Typography.Text type="secondary">{zh.session.demoHint}</Typography.Text>
              <Flex vertical gap={8} role="list">
                {people.map((p) => (
                  <Card key={p.id} size="small" role="listitem">
                    <Flex align="center" gap={12} wrap>
                      <Avatar icon={<UserOutlined />} />
                      <Flex vertical flex={1} style={{ minWidth: 120 }}>
                        <Typography.Text strong>{p.name}</Typography.Text>
                        <Typography.Text type="secondary">
                          <Tag>{zh.roles[p.role]}</Tag>
                          {p.unitName ?? p.unitId}
                        </Typography.Text>
                      </Flex>
                      <Button type="primary" aria-label={zh.session.pickAs(p.name)} loading={busy === p.id} disabled={busy !== undefined} onClick={() => void signIn(p.id, { demoPerson: p.id })}>
                        {zh.session.pick}
                      </Button>
                    </Flex>
                  </Card>
                ))}
              </Flex>
            </>
          )}
          {!demo.loading && !people && !demo.error && (
            <Form form={form} layout="vertical" requiredMark={false} onFinish={({ token }) => void signIn('token', { token: token.trim() })}>
              <Form.Item name="token" label={zh.session.tokenLabel} extra={zh.session.tokenHint} rules={[{ required: true, whitespace: true, message: zh.session.tokenRequired }]}>
                <Input.Password autoComplete="off" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy === 'token'}>
                {zh.session.submit}
              </Button>
            </Form>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
