import { Button, Typography } from 'antd';
import { useMemo } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { PageState, usePrincipal } from '../../components';
import { useAudit } from '../../features/audit/api/audit';
import { AuditFiltersBar, filtersFrom } from '../../features/audit/components/audit-filters';
import { AuditTable } from '../../features/audit/components/audit-table';
import { routeLabels } from '../../features/audit/lib/actions';
import { useAuditText } from '../../features/audit/lib/text';
import { usePrincipals } from '../../features/principals/api/principals';
import { useLabels } from '../../lib/labels';

/**
 * `/console/admin/audit`: the audit log, newest first. `?principalId=&action=&method=&route=&targetId=
 * &outcome=&from=&to=` are GET /v1/audit's own filters.
 */
export function Component() {
  const principal = usePrincipal();
  if (principal.role !== 'admin') return <Navigate to="/inbox" replace />;
  return <AuditPage />;
}

function AuditPage() {
  const t = useAuditText();
  const labels = useLabels();
  const [search] = useSearchParams();
  const filters = useMemo(() => filtersFrom(search), [search]);
  const audit = useAudit(filters);
  const principals = usePrincipals();
  const routes = useMemo(() => routeLabels(t, labels), [t, labels]);
  const items = audit.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <AuditFiltersBar principals={principals.data ?? []} routes={routes} />
      <PageState isPending={audit.isPending} error={audit.error} retry={() => void audit.refetch()}>
        <AuditTable items={items} principals={principals.data ?? []} routes={routes} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t.shown(items.length)}
        </Typography.Paragraph>
        {audit.hasNextPage && (
          <Button loading={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
            {t.loadMore}
          </Button>
        )}
      </PageState>
    </>
  );
}
