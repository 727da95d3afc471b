import { Card, Col, Row, Statistic } from 'antd';
import { formatRate } from '../../../lib/format';
import type { DashboardFigures } from '../api/get-dashboard';
import { useDashboardText } from '../lib/text';

const n = (v: number) => v.toLocaleString('zh-CN');

/** A rate as a percentage; the API sends fractions. */
function RateStatistic({
  title,
  rate,
  testId,
  note,
}: {
  title: string;
  rate: number | null;
  testId: string;
  note: string;
}) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={title} value={rate === null ? '—' : formatRate(rate)} />
      <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>{note}</div>
    </Card>
  );
}

/** The five campaign KPIs of the round (or the region drilled into). */
export function KpiCards({ totals }: { totals: DashboardFigures }) {
  const t = useDashboardText();
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      <Col xs={24} sm={12} lg={5}>
        <Card size="small" data-testid="kpi-assisted">
          <Statistic title={t.assisted} value={totals.assisted} suffix={t.units.enterprises} />
          <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>{t.ofAll(n(totals.journeys))}</div>
        </Card>
      </Col>
      <Col xs={24} sm={12} lg={5}>
        <RateStatistic
          testId="kpi-certified-share"
          title={t.certifiedShare}
          rate={totals.certifiedShare}
          note={t.ofAssisted(n(totals.certified), n(totals.assisted))}
        />
      </Col>
      <Col xs={24} sm={12} lg={5}>
        <RateStatistic
          testId="kpi-satisfaction"
          title={t.satisfaction}
          rate={totals.satisfactionRate}
          note={t.ofEvaluated(n(totals.evaluated))}
        />
      </Col>
      <Col xs={24} sm={12} lg={5}>
        <RateStatistic
          testId="kpi-effectiveness"
          title={t.effectiveness}
          rate={totals.effectivenessRate}
          note={t.ofEvaluatedEffect(n(totals.evaluated))}
        />
      </Col>
      <Col xs={24} sm={12} lg={4}>
        <Card size="small" data-testid="kpi-evaluations">
          <Statistic title={t.evaluations} value={totals.evaluationsAnswered} suffix={t.units.answers} />
          <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>
            {t.byEnterprises(n(totals.evaluated))}
          </div>
        </Card>
      </Col>
    </Row>
  );
}
