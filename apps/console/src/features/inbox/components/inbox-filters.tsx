import { Button, Flex, Input, Select } from 'antd';
import { STAGES, TERMINAL_STAGES } from '@uplift/domain/journey';
import { useState } from 'react';
import { useLabels } from '../../../lib/labels';
import { useT } from '../../../lib/text';
import type { Round } from '../../rounds/api/rounds';
import type { InboxFilters as Filters } from '../api/inbox';

const OPEN_STAGES = STAGES.filter((s) => !TERMINAL_STAGES.includes(s));

/** Round, stage, region (division code) and a name/USCC search; the page keeps them in the URL. */
export function InboxFilters({
  filters,
  rounds,
  onChange,
}: {
  filters: Filters;
  rounds: Round[];
  onChange: (next: Filters) => void;
}) {
  const t = useT();
  const labels = useLabels();
  const [region, setRegion] = useState(filters.regionCode ?? '');
  const [search, setSearch] = useState(filters.q ?? '');
  const regionValid = region === '' || /^\d{2}(\d{2}){0,2}$/.test(region);
  const set = (patch: Filters) => onChange({ ...filters, ...patch });
  const any = Object.values(filters).some(Boolean);
  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }} role="search">
      <Select
        aria-label={t.round}
        style={{ minWidth: 180, flex: '1 1 180px' }}
        value={filters.roundId ?? ''}
        onChange={(roundId) => set({ roundId: roundId || undefined })}
        options={[{ value: '', label: t.allRounds }, ...rounds.map((r) => ({ value: r.id, label: r.name }))]}
      />
      <Select
        aria-label={t.stage}
        style={{ minWidth: 140, flex: '1 1 140px' }}
        value={filters.stage ?? ''}
        onChange={(stage) => set({ stage: stage || undefined })}
        options={[
          { value: '', label: t.allStages },
          ...OPEN_STAGES.map((s) => ({ value: s, label: labels.stage(s) })),
        ]}
      />
      <Input
        aria-label={t.regionCode}
        placeholder={t.regionPlaceholder}
        style={{ flex: '1 1 160px', minWidth: 160 }}
        value={region}
        inputMode="numeric"
        maxLength={6}
        status={regionValid ? undefined : 'error'}
        allowClear
        onChange={(e) => {
          const value = e.target.value.trim();
          setRegion(value);
          if (value === '' || /^\d{2}(\d{2}){0,2}$/.test(value)) set({ regionCode: value || undefined });
        }}
      />
      <Input.Search
        aria-label={t.search}
        placeholder={t.search}
        style={{ flex: '2 1 220px', minWidth: 200 }}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        allowClear
        onSearch={(q) => set({ q: q.trim() || undefined })}
      />
      {any && (
        <Button
          onClick={() => {
            setRegion('');
            setSearch('');
            onChange({});
          }}
        >
          {t.clearFilters}
        </Button>
      )}
    </Flex>
  );
}
