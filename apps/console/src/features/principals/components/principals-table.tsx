import { divisionFullName } from '@uplift/domain/division-names';
import { App, Button, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { formatBeijing } from '../../../lib/format';
import { useLabels } from '../../../lib/labels';
import type { CertificationBody } from '../../certification-bodies/api/certification-bodies';
import { useInvitePrincipal, useRevokePrincipal, useRotateKey, type Principal } from '../api/principals';
import { usePrincipalsText } from '../lib/text';

/** Solid dark green: white on it passes WCAG AA (antd's light green tag does not). */
const ACTIVE_COLOR = '#237804';

/** Everyone with an account: role and scope by name, status, and the three things an admin does. */
export function PrincipalsTable({
  items,
  bodies,
  onKey,
}: {
  items: Principal[];
  bodies: CertificationBody[];
  onKey: (shown: { name: string; apiKey: string }) => void;
}) {
  const t = usePrincipalsText();
  const labels = useLabels();
  const { message } = App.useApp();
  const invite = useInvitePrincipal();
  const revoke = useRevokePrincipal();
  const rotate = useRotateKey();
  const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
  const failed = (err: unknown) => void message.error(err instanceof Error ? err.message : String(err));

  return (
    <Table<Principal>
      rowKey="id"
      dataSource={items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t.empty }}
      data-testid="principals-table"
      columns={[
        {
          title: t.nameAndEmail,
          dataIndex: 'name',
          render: (name: string, p) => (
            <Flex vertical>
              <Space size={4}>
                <Typography.Text strong>{name}</Typography.Text>
                {p.isBootstrap && <Tag>{t.bootstrap}</Tag>}
              </Space>
              <Typography.Text type="secondary">{p.email}</Typography.Text>
            </Flex>
          ),
        },
        { title: t.role, dataIndex: 'role', render: (role: string) => labels.role(role) },
        {
          title: t.scope,
          key: 'scope',
          render: (_, p) =>
            p.certificationBodyId
              ? (bodyName.get(p.certificationBodyId) ?? p.certificationBodyId)
              : p.regionCode
                ? `${divisionFullName(p.regionCode) ?? ''}（${p.regionCode}）`
                : '—',
        },
        {
          title: t.status,
          key: 'status',
          render: (_, p) =>
            p.revokedAt ? (
              <Tag>{`${t.revoked} ${formatBeijing(p.revokedAt)}`}</Tag>
            ) : (
              <Tag color={ACTIVE_COLOR}>{t.active}</Tag>
            ),
        },
        { title: t.key, dataIndex: 'keyPrefix', render: (prefix: string) => <code>{prefix}</code> },
        { title: t.createdAt, dataIndex: 'createdAt', render: (at: string) => formatBeijing(at) },
        {
          title: t.actions,
          key: 'actions',
          render: (_, p) =>
            p.revokedAt ? null : (
              <Space wrap>
                <Button
                  size="small"
                  aria-label={t.inviteLabel(p.name)}
                  loading={invite.isPending && invite.variables === p.id}
                  onClick={() =>
                    invite.mutateAsync(p.id).then(() => void message.success(t.invited(p.email)), failed)
                  }
                >
                  {t.invite}
                </Button>
                <Popconfirm
                  title={t.rotateConfirm(p.name)}
                  okText={t.ok}
                  cancelText={t.cancel}
                  onConfirm={() =>
                    rotate.mutateAsync(p.id).then((r) => {
                      if (r.apiKey) onKey({ name: p.name, apiKey: r.apiKey });
                    }, failed)
                  }
                >
                  <Button size="small" aria-label={t.rotateLabel(p.name)}>
                    {t.rotate}
                  </Button>
                </Popconfirm>
                {!p.isBootstrap && (
                  <Popconfirm
                    title={t.revokeConfirm(p.name)}
                    okText={t.ok}
                    cancelText={t.cancel}
                    onConfirm={() =>
                      revoke.mutateAsync(p.id).then(() => void message.success(t.revokedDone(p.name)), failed)
                    }
                  >
                    {/* Not `danger`: antd's red outline on white fails AA contrast (3.3:1). */}
                    <Button size="small" aria-label={t.revokeLabel(p.name)}>
                      {t.revoke}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
        },
      ]}
    />
  );
}
