import { InputNumber, Select, Space } from 'antd';
import { useLocale } from '../../../lib/i18n';
import { DURATION_UNITS, UNIT_LABELS, type Duration } from '../lib/durations';

/** A number and its unit (minutes, hours, days, weeks): how people think of a deadline, not ISO 8601. */
export function DurationInput({
  id,
  value,
  onChange,
  label,
}: {
  id?: string;
  value?: Duration;
  onChange?: (v: Duration) => void;
  label: string;
}) {
  const { locale } = useLocale();
  const current = value ?? { value: 1, unit: 'days' as const };
  return (
    <Space.Compact>
      <InputNumber
        id={id}
        aria-label={label}
        min={1}
        max={100000}
        precision={0}
        value={current.value}
        onChange={(n) => onChange?.({ ...current, value: n ?? 0 })}
        style={{ width: 110 }}
      />
      <Select
        aria-label={`${label}（${locale === 'en' ? 'unit' : '单位'}）`}
        value={current.unit}
        onChange={(unit) => onChange?.({ ...current, unit })}
        style={{ width: 96 }}
        options={DURATION_UNITS.map((u) => ({
          value: u,
          label: locale === 'en' ? UNIT_LABELS[u].en : UNIT_LABELS[u].zh,
        }))}
      />
    </Space.Compact>
  );
}

/** A duration is a whole number of its unit, above zero. */
export const durationRule = (message: string) => ({
  validator: async (_: unknown, v?: Duration) => {
    if (!v || !Number.isInteger(v.value) || v.value < 1) throw new Error(message);
  },
});
