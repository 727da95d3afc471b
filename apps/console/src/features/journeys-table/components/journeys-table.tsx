import { Empty, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes, Key } from 'react';
import { Link } from 'react-router';
import { formatBeijing } from '../../../lib/format';
import { useLabels } from '../../../lib/labels';
import type { TableJourney } from '../api/journeys-table';
import { useTableText } from '../lib/text';

/** Past the deadline while someone must act. */
const isLate = (j: TableJourney) =>
  j.overdueDays > 0 || (j.due !== null && j.deadline !== null && Date.parse(j.deadline) < Date.now());

/**
 * The round's journeys, a row each, with a checkbox for the bulk actions; the enterprise's name
 * leads to its journey page. Sorting by deadline is the server's (the header click sets `sort`).
 */
export function JourneysTable({
  items,
  loading,
  bodyName,
  selected,
  onSelect,
  selectionDisabled,
  sort,
  onSort,
}: {
  items: TableJourney[];
  loading: boolean;
  bodyName: (id: string) => string | undefined;
  selected: string[];
  onSelect: (ids: string[]) => void;
  /** While everything the filter matches is selected, rows are not picked one by one. */
  selectionDisabled: boolean;
  sort: string | undefined;
  onSort: (sort: string | undefined) => void;
}) {
  const t = useTableText();
  const labels = useLabels();
  return (
    <Table<TableJourney>
      data-testid="journeys-table"
      rowKey="id"
      dataSource={items}
      loading={loading}
      pagination={false}
      size="middle"
      locale={{ emptyText: <Empty description={t.empty} /> }}
      rowSelection={{
        selectedRowKeys: selected,
        onChange: (keys: Key[]) => onSelect(keys.map(String)),
        getCheckboxProps: (j) =>
          ({ disabled: selectionDisabled, 'aria-label': j.enterprise.name }) as Record<string, unknown>,
        preserveSelectedRowKeys: true,
      }}
      onRow={() => ({ 'data-testid': 'journey-row' }) as HTMLAttributes<HTMLElement>}
      onChange={(_p, _f, sorter) => {
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        onSort(s?.order === 'ascend' ? 'deadline' : s?.order === 'descend' ? '-deadline' : undefined);
      }}
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
        { title: t.region, key: 'region', render: (_, j) => j.regionName ?? j.enterprise.regionCode },
        {
          title: t.stage,
          key: 'stage',
          render: (_, j) => (
            <>
              {labels.stage(j.stage)}
              {j.stalled && (
                <Tag color="orange" style={{ marginInlineStart: 8 }}>
                  {t.stalled}
                </Tag>
              )}
            </>
          ),
        },
        {
          title: t.due,
          key: 'due',
          render: (_, j) =>
            j.due ? `${labels.todo(j.due.step)}（${labels.responsible(j.due.actors.join('+'))}）` : t.none,
        },
        {
          title: t.deadline,
          key: 'deadline',
          sorter: true,
          sortOrder: sort === 'deadline' ? 'ascend' : sort === '-deadline' ? 'descend' : null,
          render: (_, j) => (
            <>
              {formatBeijing(j.deadline)}
              {isLate(j) && (
                <Tag color="red" style={{ marginInlineStart: 8 }}>
                  {t.overdueDays(j.overdueDays)}
                </Tag>
              )}
            </>
          ),
        },
        {
          title: t.body,
          key: 'body',
          render: (_, j) =>
            j.certificationBodyId ? (
              (bodyName(j.certificationBodyId) ?? t.none)
            ) : (
              <Typography.Text type="secondary">{t.unassigned}</Typography.Text>
            ),
        },
      ]}
    />
  );
}
