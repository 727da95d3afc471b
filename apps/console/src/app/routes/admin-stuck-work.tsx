import { Button, Flex, Typography } from 'antd';
import { Navigate, useSearchParams } from 'react-router';
import { PageState, usePrincipal } from '../../components';
import { useStuckWork } from '../../features/stuck-work/api/stuck-work';
import { StuckWorkTable } from '../../features/stuck-work/components/stuck-work-table';
import { useStuckWorkText } from '../../features/stuck-work/lib/text';

/** A positive whole number from the address, else the API's default. */
const threshold = (value: string | null) =>
  value && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : undefined;

/**
 * `/console/admin/stuck-work`: activities that keep failing, for an admin to retry or skip.
 * `?minAttempts=&olderThanMinutes=` narrow or widen what counts as stuck.
 */
export function Component() {
  const principal = usePrincipal();
  if (principal.role !== 'admin') return <Navigate to="/inbox" replace />;
  return <StuckWorkPage />;
}

function StuckWorkPage() {
  const t = useStuckWorkText();
  const [search] = useSearchParams();
  const stuck = useStuckWork({
    minAttempts: threshold(search.get('minAttempts')),
    olderThanMinutes: threshold(search.get('olderThanMinutes')),
  });
  return (
    <>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Button onClick={() => void stuck.refetch()} loading={stuck.isFetching}>
          {t.refresh}
        </Button>
      </Flex>
      {stuck.data && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t.intro(stuck.data.minAttempts, stuck.data.olderThanMinutes)}
        </Typography.Paragraph>
      )}
      <PageState isPending={stuck.isPending} error={stuck.error} retry={() => void stuck.refetch()}>
        <StuckWorkTable items={stuck.data?.items ?? []} />
      </PageState>
    </>
  );
}
