import { Alert, Breadcrumb, Button, Skeleton, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { PageState } from '../../../components';
import { formatBeijing } from '../../../lib/format';
import { useLabels } from '../../../lib/labels';
import { useRoundDashboard } from '../api/get-dashboard';
import { useDashboardText } from '../lib/text';
import { Breakdown, type BreakdownRow } from './breakdown';
import { KpiCards } from './kpi-cards';
import { RegulatorFigures } from './regulator-figures';
import { StageCharts } from './stage-charts';

/** The region drilled into lives in the address (`?region=`), so Back and a shared link keep it. */
export const REGION_PARAM = 'region';

/** The round's dashboard: KPIs, funnel, stalled by who must act, and breakdowns, all server-side aggregates. */
export function RoundDashboard({ roundId, roundName }: { roundId: string; roundName: string }) {
  const t = useDashboardText();
  const labels = useLabels();
  const [search, setSearch] = useSearchParams();
  const regionCode = search.get(REGION_PARAM) ?? undefined;
  const dashboard = useRoundDashboard(roundId, regionCode);
  const data = dashboard.data;
  const drill = (code: string | null) =>
    setSearch((s) => {
      const next = new URLSearchParams(s);
      if (code === null) next.delete(REGION_PARAM);
      else next.set(REGION_PARAM, code);
      return next;
    });

  if (dashboard.isPending) return <Skeleton active />;
  if (dashboard.error && !data)
    return (
      <PageState isPending={false} error={dashboard.error} retry={() => void dashboard.refetch()}>
        {null}
      </PageState>
    );
  if (!data) return null;
  const fileStem = `${roundName}-${data.region.name}`;
  const rows = {
    region: data.region.rows.map((r): BreakdownRow => ({ ...r, key: r.code, label: r.name })),
    industry: data.industries.map((r): BreakdownRow => ({
      ...r,
      key: r.code ?? '-',
      label: r.code ? labels.industrySection(r.code) : t.unknownIndustry,
    })),
    body: data.bodies.map((r): BreakdownRow => ({
      ...r,
      key: r.certificationBodyId ?? '-',
      code: r.code,
      label: r.certificationBodyId ? (r.name ?? r.certificationBodyId) : t.notAssigned,
    })),
  };
  const path = data.region.path;
  return (
    <section aria-label={t.dashboard} aria-busy={dashboard.isFetching}>
      {path.length > 1 && (
        <Breadcrumb
          aria-label={t.regionPath}
          style={{ marginBottom: 12 }}
          items={path.map((d, i) => ({
            key: d.code,
            title:
              i === path.length - 1 ? (
                <span aria-current="page">{d.name}</span>
              ) : (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: 'auto' }}
                  onClick={() => drill(i === 0 ? null : d.code)}
                >
                  {d.name}
                </Button>
              ),
          }))}
        />
      )}
      {dashboard.error && (
        <Alert type="error" showIcon title={dashboard.error.message} style={{ marginBottom: 12 }} />
      )}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t.kpis}
        <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginLeft: 12 }}>
          {data.region.name} · {t.generatedAt} {formatBeijing(data.generatedAt)}
        </Typography.Text>
      </Typography.Title>
      <KpiCards totals={data.totals} />
      <RegulatorFigures
        roundId={roundId}
        region={regionCode ? { code: data.region.code, name: data.region.name } : undefined}
      />
      <StageCharts data={data} fileStem={fileStem} />
      <Breakdown
        title={t.byRegion}
        dimension={t.region}
        rows={rows.region}
        testId="region-table"
        fileStem={fileStem}
        header={
          data.region.rows.some((r) => r.drillable) ? (
            <Typography.Text type="secondary">{t.drillHint}</Typography.Text>
          ) : undefined
        }
        onDrill={(r) => drill(r.key)}
        canDrill={(r) => data.region.rows.find((x) => x.code === r.key)?.drillable ?? false}
      />
      <Breakdown
        title={t.byIndustry}
        dimension={t.industry}
        rows={rows.industry}
        testId="industry-table"
        fileStem={fileStem}
      />
      <Breakdown
        title={t.byBody}
        dimension={t.body}
        rows={rows.body}
        testId="body-table"
        fileStem={fileStem}
      />
    </section>
  );
}
