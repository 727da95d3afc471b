import { Card, Empty, Flex, Grid, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { formatBeijing, formatOverdue } from '../../../lib/format';
import { useLocale } from '../../../lib/i18n';
import { useLabels } from '../../../lib/labels';
import { useT } from '../../../lib/text';
import type { InboxJourney } from '../api/inbox';

/** Past the deadline while someone must act: 逾期 n 天 (whole days), 已逾期 within the first day. */
function OverdueTag({ journey }: { journey: InboxJourney }) {
  const { locale } = useLocale();
  const days = journey.overdueDays;
  const late =
    days > 0 ||
    (journey.due !== null && journey.deadline !== null && Date.parse(journey.deadline) < Date.now());
  if (!late) return null;
  return (
    <Tag color="red" data-testid="overdue-tag">
      {formatOverdue(days, locale)}
    </Tag>
  );
}

/**
 * The journeys waiting for us, as a table on a desktop and as cards on a phone; each leads to the
 * journey's page.
 */
export function InboxList({
  items,
  roundName,
  loading,
}: {
  items: InboxJourney[];
  roundName: (id: string) => string;
  loading: boolean;
}) {
  const t = useT();
  const labels = useLabels();
  const screens = Grid.useBreakpoint();
  const due = (j: InboxJourney) => (j.due ? labels.todo(j.due.step) : labels.none);
  const empty = <Empty description={t.emptyInbox} />;

  if (!screens.md)
    return items.length === 0 && !loading ? (
      empty
    ) : (
      <Flex vertical gap={8}>
        {items.map((j) => (
          <Card key={j.id} size="small" data-testid="inbox-row">
            <Link to={`/journeys/${encodeURIComponent(j.id)}`} style={{ fontWeight: 600 }}>
              {j.enterprise.name}
            </Link>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {j.enterprise.uscc} · {roundName(j.roundId)}
              </Typography.Text>
            </div>
            <Flex gap={8} wrap align="center" style={{ marginTop: 4 }}>
              <Tag>{labels.stage(j.stage)}</Tag>
              <span>{due(j)}</span>
              <OverdueTag journey={j} />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t.deadline}：{formatBeijing(j.deadline)} · {t.remindersSent} {t.times(j.reminders.sent)}
            </Typography.Text>
          </Card>
        ))}
      </Flex>
    );

  return (
    <Table<InboxJourney>
      rowKey="id"
      dataSource={items}
      loading={loading}
      pagination={false}
      size="middle"
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: empty }}
      onRow={() => ({ 'data-testid': 'inbox-row' }) as HTMLAttributes<HTMLElement>}
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
        { title: t.round, key: 'round', render: (_, j) => roundName(j.roundId) },
        { title: t.stage, key: 'stage', render: (_, j) => labels.stage(j.stage) },
        { title: t.due, key: 'due', render: (_, j) => due(j) },
        { title: t.deadline, key: 'deadline', render: (_, j) => formatBeijing(j.deadline) },
        {
          title: t.overdueDays,
          key: 'overdue',
          render: (_, j) => <OverdueTag journey={j} />,
        },
        {
          title: t.remindersSent,
          key: 'reminders',
          align: 'right',
          render: (_, j) => t.times(j.reminders.sent),
        },
      ]}
    />
  );
}
