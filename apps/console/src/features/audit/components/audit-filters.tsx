import { DatePicker, Flex, Button, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { BEIJING } from '../../../lib/format';
import type { Principal } from '../../principals/api/principals';
import type { AuditFilters } from '../api/audit';
import { useAuditText } from '../lib/text';

const OUTCOMES = ['succeeded', 'refused', 'failed'] as const;
const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/;

/** The API's filters from the page's address; anything malformed there is left out rather than sent. */
export function filtersFrom(search: URLSearchParams): AuditFilters {
  const f: AuditFilters = {};
  const get = (k: string) => search.get(k) || undefined;
  const principalId = get('principalId');
  if (principalId && UUID.test(principalId)) f.principalId = principalId;
  const action = get('action');
  if (action) f.action = action as AuditFilters['action'];
  const method = get('method');
  if (method && (METHODS as readonly string[]).includes(method)) f.method = method as AuditFilters['method'];
  const route = get('route');
  if (route) f.route = route.slice(0, 200);
  const targetId = get('targetId');
  if (targetId) f.targetId = targetId.slice(0, 200);
  const outcome = get('outcome');
  if (outcome && (OUTCOMES as readonly string[]).includes(outcome))
    f.outcome = outcome as AuditFilters['outcome'];
  const from = get('from');
  if (from && ISO.test(from)) f.from = from;
  const to = get('to');
  if (to && ISO.test(to)) f.to = to;
  return f;
}

/** Beijing midnight of a picked day, as the API takes a time: `2026-12-01T00:00:00+08:00`. */
const beijingDay = (d: dayjs.Dayjs, end: boolean) =>
  dayjs.tz(d.format('YYYY-MM-DD'), BEIJING)[end ? 'endOf' : 'startOf']('day').format('YYYY-MM-DDTHH:mm:ssZ');

/** Who, what, on what, how it ended, and when: each kept in the address so a filtered log can be shared. */
export function AuditFiltersBar({
  principals,
  routes,
}: {
  principals: Principal[];
  routes: Record<string, string>;
}) {
  const t = useAuditText();
  const [search, setSearch] = useSearchParams();
  const f = filtersFrom(search);
  const set = (changes: Record<string, string | undefined>) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  const actionOptions = useMemo(
    () => [
      ...Object.entries(t.accountActions).map(([code, label]) => ({ value: `action:${code}`, label })),
      ...Object.entries(routes).map(([key, label]) => ({ value: `route:${key}`, label })),
    ],
    [t, routes],
  );
  const actionValue = f.action
    ? `action:${f.action}`
    : f.route && f.method
      ? `route:${f.method} ${f.route}`
      : undefined;
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null =
    f.from && f.to ? [dayjs(f.from).tz(BEIJING), dayjs(f.to).tz(BEIJING)] : null;

  return (
    <Flex wrap gap={8} style={{ marginBottom: 16 }} role="search" aria-label={t.title}>
      <Select
        aria-label={t.actor}
        style={{ minWidth: 200 }}
        allowClear
        placeholder={t.anyone}
        value={f.principalId}
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(v?: string) => set({ principalId: v })}
        options={principals.map((p) => ({ value: p.id, label: `${p.name}（${p.email}）` }))}
      />
      <Select
        aria-label={t.action}
        style={{ minWidth: 200 }}
        allowClear
        placeholder={t.anything}
        value={actionValue}
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(v?: string) => {
          if (!v) return set({ action: undefined, route: undefined, method: undefined });
          if (v.startsWith('action:'))
            return set({ action: v.slice(7), route: undefined, method: undefined });
          const [method, route] = v.slice(6).split(' ');
          set({ action: undefined, method, route });
        }}
        options={actionOptions}
      />
      <Select
        aria-label={t.outcome}
        style={{ minWidth: 120 }}
        allowClear
        placeholder={t.anyOutcome}
        value={f.outcome}
        onChange={(v?: string) => set({ outcome: v })}
        options={OUTCOMES.map((o) => ({ value: o, label: t.outcomes[o] }))}
      />
      <Input.Search
        aria-label={t.target}
        style={{ width: 320 }}
        allowClear
        placeholder={t.targetPlaceholder}
        defaultValue={f.targetId}
        key={f.targetId ?? ''}
        onSearch={(v) => set({ targetId: v.trim() || undefined })}
      />
      <DatePicker.RangePicker
        aria-label={t.range}
        placeholder={[t.rangeStart, t.rangeEnd]}
        value={range}
        onChange={(v) =>
          set(
            v?.[0] && v[1]
              ? { from: beijingDay(v[0], false), to: beijingDay(v[1], true) }
              : { from: undefined, to: undefined },
          )
        }
      />
      <Button onClick={() => setSearch(new URLSearchParams(), { replace: true })}>{t.clear}</Button>
    </Flex>
  );
}
