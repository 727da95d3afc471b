import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Space, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { PageState } from '../../components';
import { useCertificationBodies } from '../../features/journeys/api/get-certification-bodies';
import {
  EXPORT_MAX_ROWS,
  FILTER_KEYS,
  exportHref,
  listFilter,
  useJourneysCount,
  useJourneysTable,
  type TableFilters,
} from '../../features/journeys-table/api/journeys-table';
import { BulkActions } from '../../features/journeys-table/components/bulk-actions';
import { JourneysFilters } from '../../features/journeys-table/components/journeys-filters';
import { JourneysTable } from '../../features/journeys-table/components/journeys-table';
import { useTableText } from '../../features/journeys-table/lib/text';
import { useRound } from '../../features/rounds/api/rounds';
import { RoundNav } from '../../features/rounds/components/round-nav';
import { useT } from '../../lib/text';

/**
 * `/console/rounds/{id}/journeys`: the round's enterprises, filtered (the filters live in the URL),
 * exported as a file, and acted on in bulk, a selection or everything the filters match.
 */
export function Component() {
  const { id = '' } = useParams();
  const t = useTableText();
  const common = useT();
  const [params, setParams] = useSearchParams();
  const filters = useMemo<TableFilters>(
    () => Object.fromEntries(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))),
    [params],
  );
  const round = useRound(id);
  const list = useJourneysTable(id, filters);
  const count = useJourneysCount(id, filters);
  const bodies = useCertificationBodies(true);
  const bodyList = useMemo(() => bodies.data ?? [], [bodies.data]);
  const bodyNames = useMemo(() => new Map(bodyList.map((b) => [b.id, b.name])), [bodyList]);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [selected, setSelected] = useState<string[]>([]);
  const [allMatching, setAllMatching] = useState(false);
  const total = count.data?.total;

  const setFilters = (next: TableFilters) => {
    setSelected([]);
    setAllMatching(false);
    setParams(Object.fromEntries(Object.entries(next).filter((e): e is [string, string] => Boolean(e[1]))), {
      replace: true,
    });
  };
  const clearSelection = () => {
    setSelected([]);
    setAllMatching(false);
  };
  const tooMany = total !== undefined && total > EXPORT_MAX_ROWS;

  return (
    <>
      <Link to="/rounds">← {common.roundsTitle}</Link>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {round.data ? `${round.data.name} · ${t.title}` : t.title}
      </Typography.Title>
      <RoundNav roundId={id} />
      <JourneysFilters filters={filters} bodies={bodyList} onChange={setFilters} />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" data-testid="journeys-count">
          {t.loaded(items.length, total)}
        </Typography.Text>
        <Space wrap>
          <Tooltip title={t.exportHint(EXPORT_MAX_ROWS.toLocaleString('zh-CN'))}>
            <Button
              icon={<DownloadOutlined />}
              href={exportHref(id, filters, 'csv')}
              disabled={tooMany}
              data-testid="export-csv"
            >
              {t.exportCsv}
            </Button>
          </Tooltip>
          <Button
            icon={<DownloadOutlined />}
            href={exportHref(id, filters, 'xlsx')}
            disabled={tooMany}
            data-testid="export-xlsx"
          >
            {t.exportXlsx}
          </Button>
        </Space>
      </Flex>
      {(selected.length > 0 || allMatching) && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={
            <Flex wrap gap={12} align="center">
              <span data-testid="selection-count">
                {allMatching ? t.allMatching(total ?? 0) : t.selected(selected.length)}
              </span>
              {!allMatching && total !== undefined && total > selected.length && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => setAllMatching(true)}
                  data-testid="select-all-matching"
                >
                  {t.selectAllMatching(total)}
                </Button>
              )}
              <Button size="small" type="link" onClick={clearSelection}>
                {t.clearSelection}
              </Button>
              <BulkActions
                roundId={id}
                target={allMatching ? { filter: listFilter(id, filters) } : { journeyIds: selected }}
                count={allMatching ? (total ?? 0) : selected.length}
                bodies={bodyList}
              />
            </Flex>
          }
        />
      )}
      <PageState isPending={list.isPending} error={list.error} retry={() => void list.refetch()}>
        <JourneysTable
          items={items}
          loading={list.isFetching && !list.isFetchingNextPage}
          bodyName={(b) => bodyNames.get(b)}
          selected={allMatching ? items.map((j) => j.id) : selected}
          onSelect={setSelected}
          selectionDisabled={allMatching}
          sort={filters.sort}
          onSort={(sort) => setFilters({ ...filters, sort })}
        />
        {list.hasNextPage && (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t.loadMore}
            </Button>
          </Flex>
        )}
      </PageState>
    </>
  );
}
