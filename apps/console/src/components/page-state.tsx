import { Alert, Button, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../lib/text';

/** A query's loading and error states, the same on every page; children once it has data. */
export function PageState({
  isPending,
  error,
  retry,
  children,
}: {
  isPending: boolean;
  error: Error | null;
  retry?: () => void;
  children: ReactNode;
}) {
  const t = useT();
  if (isPending) return <Skeleton active />;
  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={t.loadFailed}
        description={error.message}
        action={retry ? <Button onClick={retry}>{t.retry}</Button> : undefined}
      />
    );
  return <>{children}</>;
}
