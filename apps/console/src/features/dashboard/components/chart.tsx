import { lazy, Suspense } from 'react';
import type { EChartProps } from './echart';

/** ECharts arrives in its own chunk after the figures and tables are on screen. */
const EChart = lazy(() => import('./echart'));

export function Chart(props: EChartProps) {
  return (
    <Suspense fallback={<div aria-busy="true" style={{ width: '100%', height: props.height }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
