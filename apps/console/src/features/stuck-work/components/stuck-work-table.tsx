import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatBeijing } from '../../../lib/format';
import { useRetryStuckWork, useSkipStuckWork, type StuckActivity } from '../api/stuck-work';
import { activityName, useStuckWorkText } from '../lib/text';

/** Stuck activities with their journey, failures and last error, and the two ways out. */
export function StuckWorkTable({ items }: { items: StuckActivity[] }) {
  const t = useStuckWorkText();
  const { message } = App.useApp();
  const skip = useSkipStuckWork();
  const retry = useRetryStuckWork();
  const failed = (err: unknown) => void message.error(err instanceof Error ? err.message : String(err));
  const what = (s: StuckActivity) => `${s.enterpriseName ?? s.workflowId} · ${activityName(t, s)}`;

  return (
    <Table<StuckActivity>
      rowKey="id"
      dataSource={items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t.empty }}
      data-testid="stuck-work-table"
      columns={[
        {
          title: t.enterprise,
          key: 'enterprise',
          render: (_, s) =>
            s.journeyId ? (
              <Link to={`/journeys/${encodeURIComponent(s.journeyId)}`}>
                {s.enterpriseName ?? s.journeyId}
              </Link>
            ) : (
              <Typography.Text>
                {s.workflowId} {t.notAJourney}
              </Typography.Text>
            ),
        },
        { title: t.round, dataIndex: 'roundName', render: (name: string | null) => name ?? '—' },
        {
          title: t.activity,
          key: 'activity',
          render: (_, s) => (
            <Space size={4}>
              {activityName(t, s)}
              {s.skipRequested && <Tag>{t.skipRequested}</Tag>}
            </Space>
          ),
        },
        {
          title: t.attempts,
          dataIndex: 'attempts',
          align: 'right',
          render: (n: number) => t.attemptsValue(n),
        },
        { title: t.since, dataIndex: 'since', render: (at: string) => formatBeijing(at) },
        {
          title: t.lastError,
          dataIndex: 'lastError',
          render: (error: string) => (
            <Typography.Text style={{ maxWidth: 360, display: 'inline-block' }} ellipsis={{ tooltip: error }}>
              {error}
            </Typography.Text>
          ),
        },
        {
          title: t.actions,
          key: 'actions',
          render: (_, s) => (
            <Space>
              <Popconfirm
                title={t.retryConfirm}
                okText={t.ok}
                cancelText={t.cancel}
                onConfirm={() => retry.mutateAsync(s.id).then(() => void message.success(t.retried), failed)}
              >
                <Button size="small" aria-label={t.retryLabel(what(s))}>
                  {t.retry}
                </Button>
              </Popconfirm>
              <Popconfirm
                title={t.skipConfirm}
                okText={t.ok}
                cancelText={t.cancel}
                disabled={!s.canSkip}
                onConfirm={() => skip.mutateAsync(s.id).then(() => void message.success(t.skipped), failed)}
              >
                {/* Not `danger`: antd's red outline on white fails AA contrast (3.3:1). */}
                <Button
                  size="small"
                  disabled={!s.canSkip}
                  title={s.canSkip ? undefined : s.skipRequested ? t.skipRequested : t.onlyEmails}
                  aria-label={t.skipLabel(what(s))}
                >
                  {t.skip}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]}
    />
  );
}
