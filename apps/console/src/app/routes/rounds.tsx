import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageState } from '../../components';
import { useRounds, type Round } from '../../features/rounds/api/rounds';
import { PAUSED_COLOR } from '../../features/rounds/components/round-settings';
import { useRoundText } from '../../features/rounds/lib/text';
import { usePrincipal } from '../../components';
import { formatBeijingDate } from '../../lib/format';
import { useLabels } from '../../lib/labels';
import { useT } from '../../lib/text';

/** Solid dark green: white on it passes WCAG AA (antd's light green tag does not). */
const OPEN_COLOR = '#237804';

/** `/console/rounds`: the rounds in my scope (their own pages come with the rounds issue). */
export function Component() {
  const t = useT();
  const labels = useLabels();
  const w = useRoundText();
  const navigate = useNavigate();
  const principal = usePrincipal();
  const [status, setStatus] = useState<'open' | 'closed' | undefined>();
  const [region, setRegion] = useState('');
  const regionCode = /^\d{6}$/.test(region) ? region : undefined;
  const rounds = useRounds(status, regionCode);
  const mayCreate = principal.role === 'regulator' || principal.role === 'admin';
  const items = rounds.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t.roundsTitle}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<'open' | 'closed' | 'all'>
          aria-label={t.status}
          value={status ?? 'all'}
          onChange={(v) => setStatus(v === 'all' ? undefined : v)}
          style={{ width: 140 }}
          options={[
            { value: 'all', label: w.allStatuses },
            { value: 'open', label: labels.roundStatus('open') },
            { value: 'closed', label: labels.roundStatus('closed') },
          ]}
        />
        <Input
          aria-label={w.filterRegion}
          placeholder={w.filterRegion}
          value={region}
          maxLength={6}
          inputMode="numeric"
          onChange={(e) => setRegion(e.target.value.trim())}
          style={{ width: 200 }}
          allowClear
        />
        {mayCreate && (
          <Button type="primary" onClick={() => void navigate('/rounds/new')} data-testid="new-round">
            {w.newRound}
          </Button>
        )}
      </Space>
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
              render: (status: string, round) => (
                <>
                  <Tag color={status === 'open' ? OPEN_COLOR : 'default'}>{labels.roundStatus(status)}</Tag>
                  {status === 'open' && round.pausedAt && <Tag color={PAUSED_COLOR}>{w.pausedTag}</Tag>}
                </>
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
