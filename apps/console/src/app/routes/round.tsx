import { Descriptions, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { PageState } from '../../components';
import { useRoundDashboard } from '../../features/dashboard/api/get-dashboard';
import { REGION_PARAM, RoundDashboard } from '../../features/dashboard/components/round-dashboard';
import { useDashboardText } from '../../features/dashboard/lib/text';
import { divisionCovers } from '@uplift/domain/region';
import { useSession } from '../../features/auth/api/session';
import { useRound } from '../../features/rounds/api/rounds';
import { RoundNav } from '../../features/rounds/components/round-nav';
import { RoundSettingsPanel } from '../../features/rounds/components/round-settings';
import { formatBeijing } from '../../lib/format';
import { useLabels } from '../../lib/labels';
import { useT } from '../../lib/text';

/** Solid dark green: white on it passes WCAG AA (antd's light green tag does not). */
const OPEN_COLOR = '#237804';

/** `/console/rounds/{id}`: the round's dashboard under its name, status and region. */
export function Component() {
  const { id = '' } = useParams();
  const t = useT();
  const labels = useLabels();
  const words = useDashboardText();
  const round = useRound(id);
  // The dashboard's own query (same key): its path starts at the round's region, by name.
  const [search] = useSearchParams();
  const regionName = useRoundDashboard(id, search.get(REGION_PARAM) ?? undefined).data?.region.path[0]?.name;
  const data = round.data;
  const me = useSession().data;
  // Its own regulator (its division covers the round's) or an admin changes a round; the API says so too.
  const canChange =
    !!data &&
    (me?.role === 'admin' ||
      (me?.role === 'regulator' && !!me.regionCode && divisionCovers(me.regionCode, data.regionCode)));
  return (
    <>
      <Link to="/rounds">← {t.roundsTitle}</Link>
      <PageState isPending={round.isPending} error={round.error} retry={() => void round.refetch()}>
        {data && (
          <>
            <Typography.Title level={1} style={{ fontSize: 22 }}>
              {data.name}
            </Typography.Title>
            <RoundNav roundId={id} />
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 4 }}
              style={{ marginBottom: 16 }}
              items={[
                {
                  key: 'status',
                  label: t.status,
                  children: (
                    <Tag color={data.status === 'open' ? OPEN_COLOR : 'default'}>
                      {labels.roundStatus(data.status)}
                    </Tag>
                  ),
                },
                {
                  key: 'region',
                  label: t.region,
                  children: regionName ? `${regionName}（${data.regionCode}）` : data.regionCode,
                },
                {
                  key: 'total',
                  label: t.total,
                  children: `${data.total.toLocaleString('zh-CN')} ${words.units.enterprises}`,
                },
                { key: 'created', label: t.startedOn, children: formatBeijing(data.createdAt) },
              ]}
            />
            <RoundSettingsPanel round={data} canChange={canChange} />
            <RoundDashboard roundId={data.id} roundName={data.name} />
          </>
        )}
      </PageState>
    </>
  );
}
