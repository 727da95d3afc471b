import { Button, Flex, Input, Select } from 'antd';
import { STAGES } from '@uplift/domain/journey';
import { useState } from 'react';
import { useLabels } from '../../../lib/labels';
import type { TableFilters } from '../api/journeys-table';
import { useTableText } from '../lib/text';

const DIVISION = /^\d{2}(\d{2}){0,2}$/;

/**
 * Stage, stalled or overdue, who must act, region, body (or not assigned yet), a name/USCC search
 * and the order; the page keeps them in the URL, so a filtered view can be bookmarked and shared.
 */
export function JourneysFilters({
  filters,
  bodies,
  onChange,
}: {
  filters: TableFilters;
  bodies: { id: string; name: string }[];
  onChange: (next: TableFilters) => void;
}) {
  const t = useTableText();
  const labels = useLabels();
  const [region, setRegion] = useState(filters.regionCode ?? '');
  const [search, setSearch] = useState(filters.q ?? '');
  const set = (patch: TableFilters) => onChange({ ...filters, ...patch });
  const any = Object.entries(filters).some(([k, v]) => k !== 'sort' && Boolean(v));
  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }} role="search">
      <Select
        aria-label={t.stage}
        data-testid="filter-stage"
        style={{ minWidth: 130, flex: '1 1 130px' }}
        value={filters.stage ?? ''}
        onChange={(stage) => set({ stage: stage || undefined })}
        options={[
          { value: '', label: t.allStages },
          ...STAGES.map((s) => ({ value: s, label: labels.stage(s) })),
        ]}
      />
      <Select
        aria-label={t.state}
        data-testid="filter-state"
        style={{ minWidth: 120, flex: '1 1 120px' }}
        value={filters.state ?? ''}
        onChange={(state) => set({ state: state || undefined })}
        options={[
          { value: '', label: t.anyState },
          { value: 'stalled', label: t.stalled },
          { value: 'overdue', label: t.overdue },
        ]}
      />
      <Select
        aria-label={t.mustAct}
        data-testid="filter-must-act"
        style={{ minWidth: 140, flex: '1 1 140px' }}
        value={filters.mustAct ?? ''}
        onChange={(mustAct) => set({ mustAct: mustAct || undefined })}
        options={[
          { value: '', label: t.anyone },
          ...(['regulator', 'certification_body', 'enterprise'] as const).map((a) => ({
            value: a,
            label: labels.role(a),
          })),
        ]}
      />
      <Select
        aria-label={t.body}
        data-testid="filter-body"
        style={{ minWidth: 180, flex: '1 1 180px' }}
        value={filters.certificationBodyId ?? ''}
        showSearch
        optionFilterProp="label"
        onChange={(id) => set({ certificationBodyId: id || undefined })}
        options={[
          { value: '', label: t.anyBody },
          { value: 'none', label: t.unassigned },
          ...bodies.map((b) => ({ value: b.id, label: b.name })),
        ]}
      />
      <Input
        aria-label={t.regionCode}
        placeholder={t.regionPlaceholder}
        style={{ flex: '1 1 150px', minWidth: 150 }}
        value={region}
        inputMode="numeric"
        maxLength={6}
        status={region === '' || DIVISION.test(region) ? undefined : 'error'}
        allowClear
        onChange={(e) => {
          const value = e.target.value.trim();
          setRegion(value);
          if (value === '' || DIVISION.test(value)) set({ regionCode: value || undefined });
        }}
      />
      <Input.Search
        aria-label={t.search}
        placeholder={t.search}
        data-testid="filter-search"
        style={{ flex: '2 1 220px', minWidth: 200 }}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        allowClear
        onSearch={(q) => set({ q: q.trim() || undefined })}
      />
      <Select
        aria-label={t.sort}
        style={{ minWidth: 170, flex: '1 1 170px' }}
        value={filters.sort ?? ''}
        onChange={(sort) => set({ sort: sort || undefined })}
        options={[
          { value: '', label: t.sortDefault },
          { value: 'deadline', label: t.sortDeadline },
          { value: '-deadline', label: t.sortDeadlineDesc },
        ]}
      />
      {any && (
        <Button
          onClick={() => {
            setRegion('');
            setSearch('');
            onChange(filters.sort ? { sort: filters.sort } : {});
          }}
        >
          {t.clearFilters}
        </Button>
      )}
    </Flex>
  );
}
