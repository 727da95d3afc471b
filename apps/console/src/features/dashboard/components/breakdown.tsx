import type { ReactNode } from 'react';
import { formatRate } from '../../../lib/format';
import { useLabels } from '../../../lib/labels';
import type { DashboardFigures } from '../api/get-dashboard';
import { useDashboardText } from '../lib/text';
import { FigureBreakdown, type FigureColumn } from './figure-breakdown';

export type BreakdownRow = DashboardFigures & { key: string; label: string; code: string | null };

interface BreakdownProps {
  title: string;
  /** The heading of the label column (地区, 行业门类, 认证机构). */
  dimension: string;
  rows: BreakdownRow[];
  testId: string;
  fileStem: string;
  /** Above the chart: the region's breadcrumb. */
  header?: ReactNode;
  /** Drill into a row: its name becomes a link and its bar clickable. */
  onDrill?: (row: BreakdownRow) => void;
  canDrill?: (row: BreakdownRow) => boolean;
}

/** One breakdown: a bar chart of enterprises (certified, stalled beside), its table, and the table's CSV. */
export function Breakdown(props: BreakdownProps) {
  const t = useDashboardText();
  const labels = useLabels();
  const stages = Object.keys(props.rows[0]?.stages ?? {});
  const columns: FigureColumn<BreakdownRow>[] = [
    { title: t.journeys, value: (r) => r.journeys, bar: '#1677ff' },
    ...stages.map((s): FigureColumn<BreakdownRow> => ({
      title: `${labels.stage(s)}（家）`,
      value: (r) => r.stages[s],
      csvOnly: true,
    })),
    { title: t.assistedCol, value: (r) => r.assisted },
    { title: t.certified, value: (r) => r.certified, bar: '#389e0d' },
    {
      title: t.certifiedShareCol,
      value: (r) => formatRate(r.certifiedShare),
      sort: (r) => r.certifiedShare ?? -1,
    },
    { title: t.stalledCol, value: (r) => r.stalled, bar: '#cf1322' },
  ];
  return (
    <FigureBreakdown
      {...props}
      rowKey={(r) => r.key}
      label={(r) => r.label}
      code={(r) => r.code}
      columns={columns}
      unit={t.units.enterprises}
    />
  );
}
