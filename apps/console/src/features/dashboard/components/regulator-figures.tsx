import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { formatPercent as pct } from '../../../lib/format';
import { useRoundReport, type RoundReport } from '../api/get-report';
import { useRegulatorText } from '../lib/regulator-text';

/** What a round's report and a campaign year's report both answer (API.md, "Reports"). */
export type RegulatorFiguresData = Pick<
  RoundReport,
  | 'counts'
  | 'satisfactionRate'
  | 'effectivenessRate'
  | 'followUpSatisfactionRate'
  | 'improvements'
  | 'problemsSolved'
  | 'metrics'
  | 'methods'
  | 'summary'
>;

/**
 * The round's figures as the regulator publishes them: the counts of its notices, follow-up-service
 * satisfaction, per metric the enterprises improved and by how much, the areas of improvement, and
 * the paragraph itself, ready to copy into a notice.
 */
export function RegulatorFigures({
  roundId,
  region,
}: {
  roundId: string;
  /** The division the dashboard is drilled into, when below the round's own. */
  region?: { code: string; name: string };
}) {
  const { t } = useRegulatorText();
  const report = useRoundReport(roundId, region?.code);
  if (report.isPending) return <Skeleton active />;
  // The dashboard above already says when the round cannot be read.
  if (!report.data) return null;
  return <RegulatorFiguresView figures={report.data} scope={region ? t.regionScope(region.name) : t.scope} />;
}

interface ViewProps {
  figures: RegulatorFiguresData;
  /** Beside the heading: what the figures cover. */
  scope: string;
  /** Satisfaction and effectiveness too (a round's dashboard shows them among its KPIs instead). */
  rates?: boolean;
  /** The paragraph in Chinese with the English beside it, rather than in the reader's language only. */
  bothLanguages?: boolean;
  /** How each figure is computed, under the metric table. */
  methods?: boolean;
}

/** The regulator's figures of any report: counts, rates, metric and area tables, the paragraph. */
export function RegulatorFiguresView({ figures: r, scope, rates, bothLanguages, methods }: ViewProps) {
  const { t, locale } = useRegulatorText();
  const { message } = App.useApp();
  const copy = (paragraph: string) =>
    navigator.clipboard
      .writeText(paragraph)
      .then(() => void message.success(t.copied))
      .catch(() => void message.error(t.copyFailed));
  const paragraphs = bothLanguages
    ? [
        {
          lang: 'zh-CN',
          text: r.summary.zh,
          testId: 'report-summary',
          copyId: 'copy-summary',
          heading: t.inZh,
        },
        {
          lang: 'en',
          text: r.summary.en,
          testId: 'report-summary-en',
          copyId: 'copy-summary-en',
          heading: t.inEn,
        },
      ]
    : [
        {
          lang: locale,
          text: locale === 'en' ? r.summary.en : r.summary.zh,
          testId: 'report-summary',
          copyId: 'copy-summary',
          heading: null,
        },
      ];
  const shares = [
    ...(rates
      ? [
          {
            id: 'kpi-satisfaction',
            title: t.satisfaction,
            share: r.satisfactionRate,
            note: t.satisfactionNote,
          },
          {
            id: 'kpi-effectiveness',
            title: t.effectiveness,
            share: r.effectivenessRate,
            note: t.effectivenessNote,
          },
        ]
      : []),
    { id: 'kpi-follow-up', title: t.followUp, share: r.followUpSatisfactionRate, note: t.followUpNote },
  ];
  return (
    <section aria-label={t.title} data-testid="regulator-figures" style={{ marginBottom: 24 }}>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t.title}
        <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginLeft: 12 }}>
          {scope}
        </Typography.Text>
      </Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {[
          ['kpi-bodies', t.bodies, r.counts.bodies, t.units.bodies, null],
          ['kpi-industries', t.industries, r.counts.industries, t.units.industries, t.industriesNote],
          ['kpi-enterprises-assisted', t.assisted, r.counts.enterprisesAssisted, t.units.enterprises, null],
          ['kpi-certificates', t.certificates, r.counts.certificates, t.units.certificates, null],
          ['kpi-problems', t.problems, r.problemsSolved.total, t.units.problems, null],
        ].map(([id, title, value, unit, note]) => (
          <Col xs={12} sm={8} lg={rates ? 3 : 4} key={id as string}>
            <Card size="small" data-testid={id as string}>
              <Statistic title={title as string} value={value as number} suffix={unit as string} />
              {note && <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>{note as string}</div>}
            </Card>
          </Col>
        ))}
        {shares.map(({ id, title, share, note }) => (
          <Col xs={24} sm={rates ? 8 : 16} lg={rates ? 3 : 4} key={id}>
            <Card size="small" data-testid={id}>
              <Statistic title={title} value={pct(share.percent)} />
              <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>
                {share.of ? note(share.of) : t.notAsked}
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {paragraphs.map((p) => (
          <Col xs={24} lg={bothLanguages ? 12 : 24} key={p.lang}>
            <Card
              size="small"
              title={p.heading ? `${t.summary} · ${p.heading}` : t.summary}
              style={{ height: '100%' }}
              extra={
                <Button icon={<CopyOutlined />} onClick={() => void copy(p.text)} data-testid={p.copyId}>
                  {t.copy}
                </Button>
              }
            >
              <Typography.Paragraph
                lang={p.lang}
                data-testid={p.testId}
                style={{ marginBottom: 0, lineHeight: 1.8 }}
              >
                {p.text}
              </Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <MetricTable metrics={r.metrics} />
          {methods && (
            <section aria-label={t.methodsTitle} data-testid="figure-methods">
              <Typography.Text strong>{t.methodsTitle}</Typography.Text>
              <ul
                style={{ margin: '4px 0 0', paddingInlineStart: 20, fontSize: 12, color: 'rgba(0,0,0,0.65)' }}
              >
                {Object.entries(r.methods).map(([key, m]) => (
                  <li key={key}>{locale === 'en' ? m.en : m.zh}</li>
                ))}
              </ul>
            </section>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Table
            size="small"
            data-testid="area-table"
            title={() => <Typography.Text strong>{t.areasTitle}</Typography.Text>}
            pagination={false}
            rowKey="code"
            dataSource={r.improvements.areas}
            columns={[
              {
                title: t.area,
                dataIndex: 'name',
                render: (n: { zh: string; en: string }) => (locale === 'en' ? n.en : n.zh),
              },
              { title: t.count, dataIndex: 'count', align: 'right' },
              { title: t.share, dataIndex: 'percent', align: 'right', render: pct },
            ]}
          />
        </Col>
      </Row>
    </section>
  );
}

/** Per metric: the enterprises improved, by how much on average, the mean change and the change of totals. */
export function MetricTable({
  metrics,
  title = true,
  testId = 'metric-table',
}: {
  metrics: RegulatorFiguresData['metrics'];
  title?: boolean;
  testId?: string;
}) {
  const { t } = useRegulatorText();
  const rows = (Object.keys(t.metrics) as (keyof typeof t.metrics)[]).map((m) => ({
    key: m,
    name: t.metrics[m],
    ...metrics[m],
  }));
  return (
    <Table
      size="small"
      data-testid={testId}
      title={title ? () => <Typography.Text strong>{t.metricsTitle}</Typography.Text> : undefined}
      pagination={false}
      rowKey="key"
      dataSource={rows}
      columns={[
        { title: t.metric, dataIndex: 'name' },
        { title: t.improved, dataIndex: 'improved', align: 'right' },
        { title: t.averageImprovement, dataIndex: 'averageImprovement', align: 'right', render: pct },
        { title: t.meanChange, dataIndex: 'meanChange', align: 'right', render: pct },
        { title: t.totalChange, dataIndex: 'totalChange', align: 'right', render: pct },
      ]}
    />
  );
}
