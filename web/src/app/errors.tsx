import { Alert, Button, Result, Spin, Typography } from 'antd';
import { Component, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, connection } from '../api/client';
import { useConnection } from '../api/hooks';
import { zh } from '../i18n/zh-CN';

/** Shown above every page while the API cannot be reached: the page keeps what it had, and retry reloads. */
export function ConnectionBanner() {
  const { down } = useConnection();
  if (!down) return null;
  return (
    <Alert
      banner
      type="error"
      role="alert"
      title={zh.errors.unreachable}
      action={
        <Button size="small" danger onClick={() => connection.retry()}>
          {zh.errors.retry}
        </Button>
      }
    />
  );
}

export function PageLoading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description={zh.app.loading} />
    </div>
  );
}

function HomeButton() {
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => void navigate('/')}>
      {zh.app.backHome}
    </Button>
  );
}

/** 403 with the API's reason ("a staff member (经办人) may not assign directives (交办)"), or the page's own. */
export function Forbidden({ reason }: { reason: string }) {
  return (
    <Result
      status="403"
      title={zh.errors.forbiddenTitle}
      subTitle={reason}
      extra={<HomeButton />}
    />
  );
}

export function NotFound({ reason }: { reason?: string }) {
  return (
    <Result
      status="404"
      title={zh.errors.notFoundTitle}
      subTitle={reason ?? zh.app.notFound}
      extra={<HomeButton />}
    />
  );
}

export function UnderConstruction({ title }: { title: string }) {
  return <Result status="info" title={title} subTitle={zh.app.underConstruction} />;
}

/** A page's failed load, shown in place of the page: never a blank page. */
export function ApiErrorView({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  if (error.status === 403) return <Forbidden reason={error.message} />;
  if (error.status === 404) return <NotFound reason={error.message} />;
  return (
    <Result
      status={error.unreachable ? 'warning' : 'error'}
      title={error.unreachable ? zh.errors.pageUnavailable : zh.errors.failedTitle}
      subTitle={
        <>
          {!error.unreachable && error.message}
          {error.requestId && (
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {zh.errors.requestId(error.requestId)}
            </Typography.Text>
          )}
        </>
      }
      extra={
        <Button type="primary" onClick={() => (onRetry ? onRetry() : connection.retry())}>
          {zh.errors.retry}
        </Button>
      }
    />
  );
}

interface BoundaryState {
  error: unknown;
}

/**
 * A page that fails while rendering — or whose code cannot be fetched (a lazy route's chunk while the server is
 * down, or after a new build replaced it) — is shown as a failure with a way out, never as a blank page.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: undefined };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const message = error instanceof Error ? error.message : String(error);
    const chunk = /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(message);
    return (
      <Result
        status={chunk ? 'warning' : 'error'}
        title={chunk ? zh.errors.unreachable : zh.errors.failedTitle}
        subTitle={chunk ? undefined : message}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {zh.errors.retry}
          </Button>
        }
      />
    );
  }
}
