import { Descriptions, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { PageState } from '../../components';
import { useRound } from '../../features/rounds/api/rounds';
import { formatBeijing } from '../../lib/format';
import { useLabels } from '../../lib/labels';
import { useT } from '../../lib/text';

/** Solid dark green: white on it passes WCAG AA (antd's light green tag does not). */
const OPEN_COLOR = '#237804';

/** `/console/rounds/{id}`: a round's name, status and journeys by stage. */
export function Component() {
  const { id = '' } = useParams();
  const t = useT();
  const labels = useLabels();
  const round = useRound(id);
  const data = round.data;
  return (
    <>
      <Link to="/rounds">← {t.roundsTitle}</Link>
      <PageState isPending={round.isPending} error={round.error} retry={() => void round.refetch()}>
        {data && (
          <>
            <Typography.Title level={1} style={{ fontSize: 22 }}>
              {data.name}
            </Typography.Title>
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  key: 'status',
                  label: t.status,
                  children: (
                    <Tag color={data.status === 'open' ? OPEN_COLOR : 'default'}>
                      {labels.roundStatus(data.status)}
                    </Tag>
                  ),
                },
                { key: 'region', label: t.region, children: data.regionCode },
                { key: 'total', label: t.total, children: data.total },
                { key: 'created', label: t.startedOn, children: formatBeijing(data.createdAt) },
              ]}
            />
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
              {t.journeysByStage}
            </Typography.Title>
            <Table
              rowKey="stage"
              size="small"
              pagination={false}
              dataSource={Object.entries(data.counts).map(([stage, count]) => ({ stage, count }))}
              columns={[
                { title: t.stage, dataIndex: 'stage', render: (stage: string) => labels.stage(stage) },
                { title: t.total, dataIndex: 'count', align: 'right' },
              ]}
            />
          </>
        )}
      </PageState>
    </>
  );
}
