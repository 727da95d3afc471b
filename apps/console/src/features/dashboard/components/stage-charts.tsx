import { Button, Card, Col, Row, Table } from 'antd';
import { useMemo } from 'react';
import { useLabels } from '../../../lib/labels';
import type { RoundDashboard } from '../api/get-dashboard';
import { downloadCsv } from '../lib/export-csv';
import { useDashboardText } from '../lib/text';
import { Chart } from './chart';

/** The funnel by stage and the stalled journeys by who must act, each a chart over its table. */
export function StageCharts({ data, fileStem }: { data: RoundDashboard; fileStem: string }) {
  const t = useDashboardText();
  const labels = useLabels();
  const path = data.funnel.filter((s) => s.reached !== null);
  const funnelOption = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: `{b}：{c} ${t.units.enterprises}` },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          minSize: '8%',
          left: '10%',
          width: '80%',
          label: { formatter: '{b} {c}' },
          data: path.map((s) => ({ name: labels.stage(s.stage), value: s.reached })),
        },
      ],
    }),
    [path, labels, t],
  );
  const stalledOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 90, right: 24, top: 16, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        // Top to bottom in the table's order.
        inverse: true,
        data: data.stalled.byActor.map((a) => labels.role(a.actor)),
      },
      series: [
        { type: 'bar', data: data.stalled.byActor.map((a) => a.journeys), itemStyle: { color: '#cf1322' } },
      ],
    }),
    [data.stalled.byActor, labels],
  );
  const funnelSummary = path.map((s) => `${labels.stage(s.stage)} ${s.reached}`).join('，');
  const stalledSummary = data.stalled.byActor.map((a) => `${labels.role(a.actor)} ${a.journeys}`).join('，');
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} lg={14}>
        <Card
          size="small"
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.funnel}</h2>}
          extra={
            <Button
              size="small"
              onClick={() =>
                downloadCsv(
                  `${fileStem}-${t.funnel}.csv`,
                  [t.stage, t.atStage, t.reached],
                  data.funnel.map((s) => [labels.stage(s.stage), s.journeys, s.reached]),
                )
              }
            >
              {t.export}
            </Button>
          }
        >
          <Chart option={funnelOption} height={260} ariaLabel={t.chartOf(t.funnel, funnelSummary)} />
          <div data-testid="funnel-table">
            <Table
              rowKey="stage"
              size="small"
              pagination={false}
              dataSource={data.funnel}
              columns={[
                { title: t.stage, dataIndex: 'stage', render: (s: string) => labels.stage(s) },
                { title: t.atStage, dataIndex: 'journeys', align: 'right' },
                {
                  title: t.reached,
                  dataIndex: 'reached',
                  align: 'right',
                  render: (v: number | null) => v ?? '—',
                },
              ]}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card
          size="small"
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.stalled}</h2>}
          extra={
            <Button
              size="small"
              onClick={() =>
                downloadCsv(
                  `${fileStem}-${t.stalled}.csv`,
                  [t.actor, t.stalledCount],
                  data.stalled.byActor.map((a) => [labels.role(a.actor), a.journeys]),
                )
              }
            >
              {t.export}
            </Button>
          }
        >
          <Chart option={stalledOption} height={180} ariaLabel={t.chartOf(t.stalled, stalledSummary)} />
          <p style={{ margin: '8px 0' }}>{t.stalledTotal(String(data.stalled.journeys))}</p>
          <div data-testid="stalled-table">
            <Table
              rowKey="actor"
              size="small"
              pagination={false}
              dataSource={data.stalled.byActor}
              columns={[
                { title: t.actor, dataIndex: 'actor', render: (a: string) => labels.role(a) },
                { title: t.stalledCount, dataIndex: 'journeys', align: 'right' },
              ]}
            />
          </div>
        </Card>
      </Col>
    </Row>
  );
}
