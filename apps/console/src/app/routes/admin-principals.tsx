import { Flex, Typography } from 'antd';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { PageState, usePrincipal } from '../../components';
import { useCertificationBodyList } from '../../features/certification-bodies/api/certification-bodies';
import { usePrincipals } from '../../features/principals/api/principals';
import { CreatePrincipal } from '../../features/principals/components/create-principal';
import { KeyDialog } from '../../features/principals/components/key-dialog';
import { PrincipalsTable } from '../../features/principals/components/principals-table';
import { usePrincipalsText } from '../../features/principals/lib/text';

/** `/console/admin/principals`: accounts and their keys; create, invite, rotate, revoke. */
export function Component() {
  const principal = usePrincipal();
  if (principal.role !== 'admin') return <Navigate to="/inbox" replace />;
  return <PrincipalsPage />;
}

function PrincipalsPage() {
  const t = usePrincipalsText();
  const principals = usePrincipals();
  const bodies = useCertificationBodyList();
  const [shown, setShown] = useState<{ name: string; apiKey: string } | null>(null);
  return (
    <>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t.title}
        </Typography.Title>
        <CreatePrincipal onCreated={(p) => p.apiKey && setShown({ name: p.name, apiKey: p.apiKey })} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t.intro}
      </Typography.Paragraph>
      <PageState
        isPending={principals.isPending}
        error={principals.error}
        retry={() => void principals.refetch()}
      >
        <PrincipalsTable items={principals.data ?? []} bodies={bodies.data ?? []} onKey={setShown} />
      </PageState>
      <KeyDialog shown={shown} onClose={() => setShown(null)} />
    </>
  );
}
