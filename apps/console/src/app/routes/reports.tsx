import { Flex, Select, Typography } from 'antd';
import { beijingDate } from '@uplift/domain/date';
import { NATIONAL_DIVISION, divisionCovers, isDivisionCode } from '@uplift/domain/region';
import { useSearchParams } from 'react-router';
import { usePrincipal } from '../../components/use-principal';
import { YearReportView } from '../../features/reports/components/year-report';
import { useReportsText } from '../../features/reports/lib/text';

/** Recent years to pick from; an older one opens by the address (`?year=2019`). */
const YEARS_BACK = 5;

/**
 * `/console/reports`: a campaign year's report for a division. The year (this year in Beijing time by
 * default) and the division drilled into (the reader's own by default: a regulator's division, the
 * nation for an admin) live in the address, so Back and a shared link keep them.
 */
export function Component() {
  const t = useReportsText();
  const principal = usePrincipal();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(beijingDate(new Date()).slice(0, 4));
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
  const own =
    principal.role === 'regulator' && principal.regionCode ? principal.regionCode : NATIONAL_DIVISION;
  const region = params.get('region');
  const regionCode = region && isDivisionCode(region) && divisionCovers(own, region) ? region : own;
  const years = [...new Set([year, ...Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i)])].sort(
    (a, b) => b - a,
  );
  const set = (key: 'year' | 'region', value: string, fallback: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value === fallback) next.delete(key);
      else next.set(key, value);
      return next;
    });
  return (
    <>
      <Flex wrap gap={12} align="baseline" justify="space-between">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t.title}
        </Typography.Title>
        <Select
          aria-label={t.year}
          data-testid="report-year"
          style={{ minWidth: 120 }}
          value={year}
          onChange={(y) => set('year', String(y), String(thisYear))}
          options={years.map((y) => ({ value: y, label: t.yearOption(y) }))}
        />
      </Flex>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <YearReportView
        year={year}
        regionCode={regionCode}
        top={own}
        onRegion={(code) => set('region', code, own)}
      />
    </>
  );
}
