import { Card, Flex, Typography, theme } from 'antd';
import { useT } from '../../../lib/text';
import type { InboxSummary } from '../api/inbox';

/** 逾期 n · 7 天内到期 n · 合计 n, from the summary of the same filters. */
export function InboxCounts({ summary }: { summary: InboxSummary | undefined }) {
  const t = useT();
  const { token } = theme.useToken();
  const counts = [
    { key: 'overdue', label: t.overdue, value: summary?.overdue, color: token.colorError },
    { key: 'due-soon', label: t.dueWithin7Days, value: summary?.dueWithin7Days, color: token.colorWarning },
    { key: 'total', label: t.total, value: summary?.total, color: token.colorText },
  ];
  return (
    <Flex
      gap={12}
      wrap
      style={{ marginBottom: 16 }}
      data-testid="inbox-counts"
      data-loaded={summary ? 'yes' : 'no'}
    >
      {counts.map((c) => (
        <Card key={c.key} size="small" style={{ flex: '1 1 100px', minWidth: 100 }}>
          <Typography.Text type="secondary">{c.label}</Typography.Text>
          <div style={{ fontSize: 24, fontWeight: 600, color: c.color }} data-testid={`count-${c.key}`}>
            {c.value ?? '—'}
          </div>
        </Card>
      ))}
    </Flex>
  );
}
