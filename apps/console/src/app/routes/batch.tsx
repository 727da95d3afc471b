import { Typography } from 'antd';
import { useParams } from 'react-router';
import { PageState } from '../../components';
import { useBatch } from '../../features/journeys-table/api/batches';
import { BatchProgress } from '../../features/journeys-table/components/batch-progress';
import { useTableText } from '../../features/journeys-table/lib/text';

/** `/console/batches/{id}`: a bulk action running in the background, polled until it is done. */
export function Component() {
  const { id = '' } = useParams();
  const t = useTableText();
  const batch = useBatch(id);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t.batchTitle}
      </Typography.Title>
      <PageState isPending={batch.isPending} error={batch.error} retry={() => void batch.refetch()}>
        {batch.data && <BatchProgress batch={batch.data} />}
      </PageState>
    </>
  );
}
