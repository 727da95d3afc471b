import { Menu } from 'antd';
import { Link, useLocation } from 'react-router';
import { useLocale, type Locale } from '../../../lib/i18n';

/** The parts of a round's page, each its own route so each loads only its own code. */
const PARTS = [
  { path: '', zh: '概览', en: 'Overview' },
  { path: '/journeys', zh: '企业', en: 'Enterprises' },
  { path: '/import', zh: '导入企业', en: 'Import' },
  { path: '/batches', zh: '批量任务', en: 'Batches' },
] as const;

const LABEL: Record<Locale, string> = { 'zh-CN': '批次页面', en: 'Round pages' };

/** The navigation between a round's dashboard, journeys table, import and batches. */
export function RoundNav({ roundId }: { roundId: string }) {
  const { locale } = useLocale();
  const { pathname } = useLocation();
  const base = `/rounds/${roundId}`;
  const current = PARTS.find((p) => p.path !== '' && pathname.startsWith(base + p.path))?.path ?? '';
  return (
    <Menu
      mode="horizontal"
      aria-label={LABEL[locale]}
      selectedKeys={[current]}
      style={{ marginBottom: 16 }}
      items={PARTS.map((p) => ({
        key: p.path,
        label: <Link to={base + p.path}>{locale === 'en' ? p.en : p.zh}</Link>,
      }))}
    />
  );
}
