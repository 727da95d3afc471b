import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession, type SessionPrincipal } from '../features/auth/api/session';
import { useT } from '../lib/text';

/**
 * Pages for people signed in: anyone else goes to `/login?next=<this page>` and comes back here
 * after signing in (an email's link to a journey lands on that journey).
 */
export function RequireSession({ children }: { children: (principal: SessionPrincipal) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const t = useT();
  if (session.isPending)
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
        <Spin tip={t.loading} size="large">
          <div style={{ width: 80, height: 80 }} />
        </Spin>
      </div>
    );
  if (session.isError)
    return (
      <Result
        status="error"
        title={t.loadFailed}
        extra={<Button onClick={() => void session.refetch()}>{t.retry}</Button>}
      />
    );
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children(session.data)}</>;
}
