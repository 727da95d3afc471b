import { Col, Form, InputNumber, Row } from 'antd';
import { useJourneyText } from '../lib/text';

export const METRICS = ['revenue', 'sales', 'profitMargin', 'qualityCostRate', 'firstPassYield'] as const;
export type MetricName = (typeof METRICS)[number];
export type MetricValues = Partial<Record<MetricName, number | null>>;

/** The five figures with their units (万元, %), as the baseline and each evaluation measure them. */
export function MetricsFields({ name }: { name: string }) {
  const { l } = useJourneyText();
  return (
    <Row gutter={16}>
      {METRICS.map((metric) => (
        <Col xs={24} sm={12} lg={8} key={metric}>
          <Form.Item name={[name, metric]} label={`${l.metrics[metric]}（${l.units[metric]}）`} required>
            <InputNumber style={{ width: '100%' }} suffix={l.units[metric]} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

/** Empty inputs are absent, so the schema says "required" rather than "must be a number". */
export function metricsBody(values: MetricValues | undefined) {
  return Object.fromEntries(
    METRICS.map((m) => [m, values?.[m] ?? undefined]).filter(([, v]) => v !== undefined),
  ) as Record<MetricName, number>;
}

export const metricFields = (name: string) => METRICS.map((m) => [name, m]);
