import { Card, Flex, Progress, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Batch } from '../api/batches';
import { useTableText } from '../lib/text';

/** Solid colours white text passes WCAG AA on (antd's light tags do not). */
const DONE = '#237804';
const RUNNING = '#0958d9';

/** A batch as it runs: applied and refused against the total, and each refusal with its reason. */
export function BatchProgress({ batch }: { batch: Batch }) {
  const t = useTableText();
  const done = batch.applied + batch.refused;
  const percent = batch.total === 0 ? 100 : Math.floor((done / batch.total) * 100);
  const refused = batch.items.filter((i) => i.outcome === 'refused');
  return (
    <Flex vertical gap={16}>
      <Card data-testid="batch-progress">
        <Flex gap={32} wrap align="center">
          <Tag
            color={batch.status === 'done' ? DONE : RUNNING}
            data-testid="batch-status"
            data-status={batch.status}
          >
            {batch.status === 'done' ? t.batchDone : t.batchRunning}
          </Tag>
          <Statistic title={t.applied} value={batch.applied} suffix="家" />
          <Statistic title={t.refused} value={batch.refused} suffix="家" />
          <Statistic title={t.total} value={batch.total} suffix="家" />
        </Flex>
        <Progress
          percent={percent}
          success={{ percent: batch.total === 0 ? 100 : Math.floor((batch.applied / batch.total) * 100) }}
          status={batch.status === 'done' ? (batch.refused > 0 ? 'exception' : 'success') : 'active'}
          showInfo={false}
          aria-label={t.progress(done, batch.total)}
        />
        <Typography.Text data-testid="batch-count">{t.progress(done, batch.total)}</Typography.Text>
      </Card>
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t.refusedItems}
      </Typography.Title>
      <Table
        data-testid="batch-refused"
        rowKey="journeyId"
        size="small"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        dataSource={refused}
        locale={{ emptyText: <Typography.Text>{t.noRefused}</Typography.Text> }}
        columns={[
          {
            title: t.journey,
            key: 'journey',
            render: (_, i) => <Link to={`/journeys/${encodeURIComponent(i.journeyId)}`}>{i.journeyId}</Link>,
          },
          { title: t.message, key: 'message', render: (_, i) => i.message ?? t.none },
        ]}
      />
    </Flex>
  );
}
