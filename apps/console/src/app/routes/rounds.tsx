import { Button, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { PageState } from '../../components';
import { useRounds, type Round } from '../../features/rounds/api/rounds';
import { formatBeijingDate } from '../../lib/format';
import { useLabels } from '../../lib/labels';
import { useT } from '../../lib/text';

/** Solid dark green: white on it passes WCAG AA (antd's light green tag does not). */
const OPEN_COLOR = '#237804';

/** `/console/rounds`: the rounds in my scope (their own pages come with the rounds issue). */
export function Component() {
  const t = useT();
  const labels = useLabels();
  const rounds = useRounds();
  const items = rounds.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t.roundsTitle}
      </Typography.Title>
      <PageState isPending={rounds.isPending} error={rounds.error} retry={() => void rounds.refetch()}>
        <Table<Round>
          rowKey="id"
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t.noRounds }}
          columns={[
            {
              title: t.roundName,
              dataIndex: 'name',
              render: (name: string, round) => <Link to={`/rounds/${round.id}`}>{name}</Link>,
            },
            { title: t.region, dataIndex: 'regionCode' },
            {
              title: t.status,
              dataIndex: 'status',
              render: (status: string) => (
                <Tag color={status === 'open' ? OPEN_COLOR : 'default'}>{labels.roundStatus(status)}</Tag>
              ),
            },
            { title: t.total, dataIndex: 'total', align: 'right' },
            { title: t.startedOn, dataIndex: 'createdAt', render: (at: string) => formatBeijingDate(at) },
          ]}
        />
        {rounds.hasNextPage && (
          <Button
            style={{ marginTop: 16 }}
            loading={rounds.isFetchingNextPage}
            onClick={() => void rounds.fetchNextPage()}
          >
            {t.loadMore}
          </Button>
        )}
      </PageState>
    </>
  );
}
