import { Button, Card, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SpreadsheetCell } from '@uplift/domain/spreadsheet-cell';
import { useMemo, type ReactNode } from 'react';
import { downloadCsv } from '../lib/export-csv';
import { useDashboardText } from '../lib/text';
import { Chart } from './chart';

/** One figure of a breakdown: its column in the table and the CSV, and its bar when it has a colour. */
export interface FigureColumn<R> {
  title: string;
  /** What the CSV writes (and the table shows, unless `render` says otherwise); numbers sort. */
  value: (row: R) => SpreadsheetCell;
  render?: (row: R) => ReactNode;
  /** How the column sorts when `value` is text (a percentage); a number sorts as itself. */
  sort?: (row: R) => number;
  /** Drawn as a bar series of this colour. */
  bar?: string;
  /** In the CSV only: the table stays narrow enough to read. */
  csvOnly?: boolean;
}

export interface FigureBreakdownProps<R> {
  title: string;
  /** The heading of the label column (地区, 行业, 认证机构). */
  dimension: string;
  rows: R[];
  rowKey: (row: R) => string;
  /** The row's name, as people read it. */
  label: (row: R) => string;
  code: (row: R) => string | null;
  columns: FigureColumn<R>[];
  /** The unit of the bars' axis. */
  unit: string;
  testId: string;
  fileStem: string;
  /** Above the chart: the region's breadcrumb, a hint. */
  header?: ReactNode;
  /** Beside the CSV button: other files of the same figures. */
  actions?: ReactNode;
  /** Drill into a row: its name becomes a link and its bar clickable. */
  onDrill?: (row: R) => void;
  canDrill?: (row: R) => boolean;
}

function sortKey<R>(column: FigureColumn<R>, row: R): number {
  if (column.sort) return column.sort(row);
  const v = column.value(row);
  return typeof v === 'number' ? v : -1;
}

/**
 * A breakdown of figures by one dimension: a bar chart over its table (the chart's text equivalent),
 * and the table as a CSV with the headers shown. The columns are defined once for all three.
 */
export function FigureBreakdown<R>({
  title,
  dimension,
  rows,
  rowKey,
  label,
  code,
  columns,
  unit,
  testId,
  fileStem,
  header,
  actions,
  onDrill,
  canDrill,
}: FigureBreakdownProps<R>) {
  const t = useDashboardText();
  const bars = columns.filter((c) => c.bar);
  const names = rows.map(label);
  // The callers build their columns on each render: the chart changes only when what it draws does.
  const drawn = JSON.stringify([names, unit, bars.map((c) => [c.title, c.bar, rows.map(c.value)])]);
  const option = useMemo(() => {
    const [categories, axis, series] = JSON.parse(drawn) as [string[], string, [string, string, unknown[]][]];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 64 },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1, name: axis },
      series: series.map(([name, color, data]) => ({
        name,
        type: 'bar',
        data,
        barMaxWidth: 48,
        itemStyle: { color },
      })),
    };
  }, [drawn]);
  const drillable = (r: R) => !!onDrill && (canDrill?.(r) ?? true);
  const tableColumns: ColumnsType<R> = [
    {
      title: dimension,
      key: 'label',
      render: (_, r) =>
        drillable(r) ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onDrill!(r)}>
            {label(r)}
          </Button>
        ) : (
          label(r)
        ),
    },
    { title: t.code, key: 'code', render: (_, r) => code(r) ?? '—' },
    ...columns
      .filter((c) => !c.csvOnly)
      .map((c, i) => ({
        title: c.title,
        key: `c${i}`,
        align: 'right' as const,
        render: (_: unknown, r: R) => c.render?.(r) ?? c.value(r),
        sorter: (a: R, b: R) => sortKey(c, a) - sortKey(c, b),
      })),
  ];
  const exportCsv = () =>
    downloadCsv(
      `${fileStem}-${title}.csv`,
      [dimension, t.code, ...columns.map((c) => c.title)],
      rows.map((r) => [label(r), code(r), ...columns.map((c) => c.value(r))]),
    );
  const first = bars[0];
  const summary = first
    ? rows.map((r, i) => `${names[i]} ${String(first.value(r))}${unit ? ` ${unit}` : ''}`).join('，')
    : '';
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>}
      extra={
        <Space size="small" wrap>
          <Button size="small" onClick={exportCsv}>
            {t.export}
          </Button>
          {actions}
        </Space>
      }
    >
      {header}
      <Chart
        option={option}
        height={280}
        ariaLabel={t.chartOf(title, summary)}
        onItemClick={onDrill ? (i) => drillable(rows[i]) && onDrill(rows[i]) : undefined}
      />
      <div data-testid={testId}>
        <Table
          rowKey={rowKey}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          columns={tableColumns}
        />
      </div>
    </Card>
  );
}
