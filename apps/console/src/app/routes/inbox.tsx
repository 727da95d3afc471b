import { Button, Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { PageState } from '../../components';
import { useInbox, useInboxSummary, type InboxFilters as Filters } from '../../features/inbox/api/inbox';
import { InboxCounts } from '../../features/inbox/components/inbox-counts';
import { InboxFilters } from '../../features/inbox/components/inbox-filters';
import { InboxList } from '../../features/inbox/components/inbox-list';
import { useRoundNames, useRounds } from '../../features/rounds/api/rounds';
import { useT } from '../../lib/text';

const KEYS = ['roundId', 'stage', 'regionCode', 'q'] as const;

/** `/console/inbox`: every journey waiting for my move, across rounds, overdue first. */
export function Component() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const filters = useMemo<Filters>(
    () => Object.fromEntries(KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))),
    [params],
  );
  const inbox = useInbox(filters);
  const summary = useInboxSummary(filters);
  const rounds = useRounds();
  const roundList = useMemo(() => rounds.data?.pages.flatMap((p) => p.items) ?? [], [rounds.data]);
  const items = useMemo(() => inbox.data?.pages.flatMap((p) => p.items) ?? [], [inbox.data]);
  const roundName = useRoundNames(
    items.map((j) => j.roundId),
    roundList,
  );

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t.inboxTitle}
      </Typography.Title>
      <InboxCounts summary={summary.data} />
      <InboxFilters
        filters={filters}
        rounds={roundList}
        onChange={(next) =>
          setParams(
            Object.fromEntries(Object.entries(next).filter((e): e is [string, string] => Boolean(e[1]))),
            { replace: true },
          )
        }
      />
      <PageState isPending={inbox.isPending} error={inbox.error} retry={() => void inbox.refetch()}>
        <InboxList
          items={items}
          roundName={(id) => roundName(id) ?? '—'}
          loading={inbox.isFetching && !inbox.isFetchingNextPage}
        />
        {inbox.hasNextPage && (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Button loading={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()}>
              {t.loadMore}
            </Button>
          </Flex>
        )}
      </PageState>
    </>
  );
}
