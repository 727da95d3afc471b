import { Button, Empty, Flex, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { PageState } from '../../components';
import { useEscalations, type TableJourney } from '../../features/journeys-table/api/journeys-table';
import { useTableText } from '../../features/journeys-table/lib/text';
import { useRoundNames } from '../../features/rounds/api/rounds';
import { formatBeijing } from '../../lib/format';
import { useLabels } from '../../lib/labels';

/** `/console/escalations`: the journeys escalated to me, oldest first, with who must act. */
export function Component() {
  const t = useTableText();
  const labels = useLabels();
  const list = useEscalations();
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const roundName = useRoundNames(
    items.map((j) => j.roundId),
    [],
  );
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t.escalationsTitle}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t.escalationsIntro}</Typography.Paragraph>
      <PageState isPending={list.isPending} error={list.error} retry={() => void list.refetch()}>
        <Table<TableJourney>
          data-testid="escalations-table"
          rowKey="id"
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t.emptyEscalations} /> }}
          columns={[
            {
              title: t.enterprise,
              key: 'enterprise',
              render: (_, j) => (
                <>
                  <Link to={`/journeys/${encodeURIComponent(j.id)}`}>{j.enterprise.name}</Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {j.enterprise.uscc}
                    </Typography.Text>
                  </div>
                </>
              ),
            },
            { title: t.round, key: 'round', render: (_, j) => roundName(j.roundId) ?? t.none },
            { title: t.escalatedAt, key: 'escalatedAt', render: (_, j) => formatBeijing(j.escalatedAt) },
            { title: t.stage, key: 'stage', render: (_, j) => labels.stage(j.stage) },
            {
              title: t.mustAct,
              key: 'mustAct',
              render: (_, j) =>
                j.due ? `${labels.responsible(j.due.actors.join('+'))}：${labels.todo(j.due.step)}` : t.none,
            },
            { title: t.deadline, key: 'deadline', render: (_, j) => formatBeijing(j.deadline) },
          ]}
        />
        {list.hasNextPage && (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t.loadMore}
            </Button>
          </Flex>
        )}
      </PageState>
    </>
  );
}
