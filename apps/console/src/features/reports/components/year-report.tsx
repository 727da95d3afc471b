import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Skeleton, Space, Table, Typography } from 'antd';
import { divisionName } from '@uplift/domain/division-names';
import { NATIONAL_DIVISION, divisionCovers } from '@uplift/domain/region';
import { PageState } from '../../../components';
import { formatBeijing, formatPercent } from '../../../lib/format';
import { useLocale } from '../../../lib/i18n';
import { FigureBreakdown, type FigureColumn } from '../../dashboard/components/figure-breakdown';
import { MetricTable, RegulatorFiguresView } from '../../dashboard/components/regulator-figures';
import { useDashboardText } from '../../dashboard/lib/text';
import {
  useYearReport,
  yearReportHref,
  type YearReport,
  type YearReportRegionRow,
  type YearReportRow,
} from '../api/get-year-report';
import { useReportsText } from '../lib/text';

/**
 * The divisions from `top` (the reader's own) down to `code`, each by its own name: the breadcrumb of a
 * drill-down. A level the statistics do not name (直辖市's 市辖区) is left out.
 */
export function regionPath(top: string, code: string): string[] {
  const levels = [NATIONAL_DIVISION, `${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code];
  return [...new Set(levels)].filter(
    (c) => divisionCovers(top, c) && (c === top || c === code || divisionName(c) !== null),
  );
}

interface YearReportProps {
  year: number;
  /** The division shown; its report's breadcrumb starts at `top`. */
  regionCode: string;
  top: string;
  onRegion: (code: string) => void;
}

/**
 * A campaign year's report for a division, as the regulator publishes it: the figures and the
 * paragraph, each evaluation wave, and breakdowns by region (drilled into by a click), industry and
 * certification body, each a chart over its table; the whole report as CSV or .xlsx from the API.
 */
export function YearReportView({ year, regionCode, top, onRegion }: YearReportProps) {
  const t = useReportsText();
  const d = useDashboardText();
  const { locale } = useLocale();
  const report = useYearReport(year, regionCode);
  const data = report.data;

  if (report.isPending) return <Skeleton active />;
  if (report.error && !data)
    return (
      <PageState isPending={false} error={report.error} retry={() => void report.refetch()}>
        {null}
      </PageState>
    );
  if (!data) return null;
  const regionName = divisionName(data.regionCode) ?? data.regionName ?? data.regionCode;
  const fileStem = `${t.yearOption(data.year)}-${regionName}`;
  const path = regionPath(top, data.regionCode);
  const columns = figureColumns(t);
  // A county's row opens the county's own figures too: its report is the last level, not a dead end.
  // A code that names no division (a municipality's 1101xx grouping, which GB/T 2260 2023 drops) would
  // only answer 400, so it opens nothing.
  const below = (r: YearReportRegionRow) =>
    r.code !== null && r.code !== data.regionCode && divisionName(r.code) !== null;
  return (
    <section aria-label={t.title} aria-busy={report.isFetching}>
      {path.length > 1 && (
        <Breadcrumb
          aria-label={d.regionPath}
          style={{ marginBottom: 12 }}
          items={path.map((code, i) => ({
            key: code,
            title:
              i === path.length - 1 ? (
                <span aria-current="page">{divisionName(code) ?? code}</span>
              ) : (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: 'auto' }}
                  onClick={() => onRegion(code)}
                >
                  {divisionName(code) ?? code}
                </Button>
              ),
          }))}
        />
      )}
      {report.error && (
        <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 12 }} />
      )}
      <Space wrap style={{ marginBottom: 12 }} aria-label={t.downloadsLabel} role="group">
        {(['csv', 'xlsx'] as const).map((format) => (
          <Button
            key={format}
            icon={<DownloadOutlined />}
            href={yearReportHref(data.year, data.regionCode, format)}
            data-testid={`report-${format}`}
          >
            {format === 'csv' ? t.downloadCsv : t.downloadXlsx}
          </Button>
        ))}
        <Typography.Text type="secondary">
          {t.generatedAt} {formatBeijing(data.generatedAt)}
        </Typography.Text>
      </Space>
      {data.rounds === 0 && <Alert type="info" showIcon title={t.noRounds} style={{ marginBottom: 12 }} />}
      <RegulatorFiguresView
        figures={data}
        scope={t.scope(data.year, regionName, data.rounds)}
        rates
        bothLanguages
        methods
      />
      <Waves report={data} />
      <FigureBreakdown<YearReportRegionRow>
        title={d.byRegion}
        dimension={d.region}
        rows={data.breakdowns.region}
        rowKey={(r) => r.code ?? '-'}
        label={(r) => (r.code ? (divisionName(r.code) ?? r.name ?? r.code) : d.unknownIndustry)}
        code={(r) => r.code}
        columns={columns}
        unit={t.unitEnterprises}
        testId="region-table"
        fileStem={fileStem}
        header={
          data.breakdowns.region.some(below) ? (
            <Typography.Text type="secondary">{d.drillHint}</Typography.Text>
          ) : undefined
        }
        onDrill={(r) => r.code && onRegion(r.code)}
        canDrill={below}
      />
      <FigureBreakdown<YearReportRow>
        title={t.byIndustry}
        dimension={t.industry}
        rows={data.breakdowns.industry}
        rowKey={(r) => r.code ?? '-'}
        label={(r) => (locale === 'en' ? r.nameEn : r.name) ?? r.name ?? d.unknownIndustry}
        code={(r) => r.code}
        columns={columns}
        unit={t.unitEnterprises}
        testId="industry-table"
        fileStem={fileStem}
      />
      <FigureBreakdown<YearReportRow>
        title={d.byBody}
        dimension={d.body}
        rows={data.breakdowns.body}
        rowKey={(r) => r.code ?? '-'}
        label={(r) => (r.code === null ? d.notAssigned : (r.name ?? r.code))}
        code={(r) => r.code}
        columns={columns}
        unit={t.unitEnterprises}
        testId="body-table"
        fileStem={fileStem}
      />
    </section>
  );
}

type Text = ReturnType<typeof useReportsText>;

/** The figures of a breakdown's row: one definition for its table, its CSV and its bars. */
function figureColumns(t: Text): FigureColumn<YearReportRow>[] {
  const rate = (title: string, of: (r: YearReportRow) => YearReportRow['satisfactionRate']) => ({
    title,
    value: (r: YearReportRow) => formatPercent(of(r).percent),
    sort: (r: YearReportRow) => of(r).percent ?? -1,
  });
  return [
    { title: t.enterprises, value: (r) => r.counts.journeys, bar: '#1677ff' },
    { title: t.assisted, value: (r) => r.counts.enterprisesAssisted, bar: '#389e0d' },
    { title: t.certificates, value: (r) => r.counts.certificates, bar: '#d46b08' },
    { title: t.answered, value: (r) => r.counts.enterprisesAnswered },
    rate(t.satisfaction, (r) => r.satisfactionRate),
    rate(t.effectiveness, (r) => r.effectivenessRate),
    rate(t.followUp, (r) => r.followUpSatisfactionRate),
    { title: t.problems, value: (r) => r.problemsSolved.total },
  ];
}

/** Each evaluation wave's figures, and each enterprise's latest; a row opens onto its metric table. */
function Waves({ report }: { report: YearReport }) {
  const t = useReportsText();
  const { locale } = useLocale();
  const rows = [
    ...report.waves.map((w) => ({
      ...w,
      key: `wave-${w.n}`,
      label: locale === 'en' ? w.label.en : w.label.zh,
    })),
    { ...report.latest, key: 'latest', label: t.latest },
  ];
  type Row = (typeof rows)[number];
  const pct = (of: (r: Row) => { percent: number | null }) => (_: unknown, r: Row) =>
    formatPercent(of(r).percent);
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.wavesTitle}</h2>}
    >
      <div data-testid="wave-table">
        <Table<Row>
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          expandable={{
            expandedRowRender: (r) => (
              <MetricTable metrics={r.all.metrics} title={false} testId={`metric-table-${r.key}`} />
            ),
          }}
          columns={[
            { title: t.wave, key: 'label', dataIndex: 'label' },
            { title: t.answered, key: 'answered', align: 'right', render: (_, r) => r.all.answered },
            { title: t.fromLink, key: 'link', align: 'right', render: (_, r) => r.link.answered },
            { title: t.fromBody, key: 'body', align: 'right', render: (_, r) => r.body.answered },
            { title: t.satisfaction, key: 'sat', align: 'right', render: pct((r) => r.all.satisfactionRate) },
            {
              title: t.effectiveness,
              key: 'eff',
              align: 'right',
              render: pct((r) => r.all.effectivenessRate),
            },
            {
              title: t.followUp,
              key: 'follow',
              align: 'right',
              render: pct((r) => r.all.followUpSatisfactionRate),
            },
            {
              title: t.problems,
              key: 'problems',
              align: 'right',
              render: (_, r) => r.all.problemsSolved.total,
            },
          ]}
        />
      </div>
    </Card>
  );
}
