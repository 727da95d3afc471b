import { Flex, Table, Typography } from 'antd';
import { Navigate } from 'react-router';
import { PageState, usePrincipal } from '../../components';
import {
  useCertificationBodyList,
  type CertificationBody,
} from '../../features/certification-bodies/api/certification-bodies';
import { CreateCertificationBody } from '../../features/certification-bodies/components/create-certification-body';
import { useCertificationBodiesText } from '../../features/certification-bodies/lib/text';

/** `/console/admin/certification-bodies`: the bodies regulators assign to, and registering one. */
export function Component() {
  const principal = usePrincipal();
  if (principal.role !== 'admin') return <Navigate to="/inbox" replace />;
  return <CertificationBodiesPage />;
}

function CertificationBodiesPage() {
  const t = useCertificationBodiesText();
  const bodies = useCertificationBodyList();
  return (
    <>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t.title}
        </Typography.Title>
        <CreateCertificationBody />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t.intro}
      </Typography.Paragraph>
      <PageState isPending={bodies.isPending} error={bodies.error} retry={() => void bodies.refetch()}>
        <Table<CertificationBody>
          rowKey="id"
          dataSource={bodies.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t.empty }}
          data-testid="certification-bodies-table"
          columns={[
            { title: t.code, dataIndex: 'code' },
            { title: t.name, dataIndex: 'name' },
            { title: t.email, dataIndex: 'email' },
            { title: t.locale, dataIndex: 'locale', render: (l: string) => t.locales[l] ?? l },
          ]}
        />
      </PageState>
    </>
  );
}
