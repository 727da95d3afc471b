import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatBeijing } from '../../../lib/format';
import type { Principal } from '../../principals/api/principals';
import type { AuditEntry } from '../api/audit';
import { actionLabel } from '../lib/actions';
import { useAuditText } from '../lib/text';

/** Dark enough for white text at AA; refused and failed stay readable without colour alone. */
const OUTCOME_COLOR: Record<string, string | undefined> = { succeeded: '#237804', failed: '#a8071a' };

/** A journey's id reads as a link to its page (and its timeline); other targets as they are. */
function Target({ id }: { id: string | null }) {
  if (!id) return <>—</>;
  if (id.startsWith('journey-')) return <Link to={`/journeys/${encodeURIComponent(id)}`}>{id}</Link>;
  return (
    <Typography.Text copyable={{ text: id }}>{id.length > 40 ? `${id.slice(0, 40)}…` : id}</Typography.Text>
  );
}

export function AuditTable({
  items,
  principals,
  routes,
}: {
  items: AuditEntry[];
  principals: Principal[];
  routes: Record<string, string>;
}) {
  const t = useAuditText();
  const byId = new Map(principals.map((p) => [p.id, p]));
  return (
    <Table<AuditEntry>
      rowKey="id"
      dataSource={items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t.empty }}
      data-testid="audit-table"
      columns={[
        { title: t.at, dataIndex: 'at', render: (at: string) => formatBeijing(at) },
        {
          title: t.actor,
          dataIndex: 'principalId',
          render: (id: string | null) => (id ? (byId.get(id)?.name ?? id) : t.unknownActor),
        },
        { title: t.action, key: 'action', render: (_, e) => actionLabel(t, routes, e) },
        { title: t.target, dataIndex: 'targetId', render: (id: string | null) => <Target id={id} /> },
        {
          title: t.outcome,
          key: 'outcome',
          render: (_, e) => (
            <Tag
              color={OUTCOME_COLOR[e.outcome]}
            >{`${t.outcomes[e.outcome] ?? e.outcome} · ${e.statusCode}`}</Tag>
          ),
        },
        {
          title: t.details,
          dataIndex: 'details',
          render: (d: AuditEntry['details']) =>
            d ? (
              <Typography.Text type="secondary" style={{ maxWidth: 320, display: 'inline-block' }} ellipsis>
                {Object.entries(d)
                  .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
                  .join('；')}
              </Typography.Text>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
