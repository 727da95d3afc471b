import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState, type ReactNode } from 'react';
import { cspNonce } from '../lib/csp';
import { LocaleProvider, useLocale } from '../lib/i18n';

/** Ant Design's injected <style> tags carry the page's nonce, so styles need no 'unsafe-inline'. */
const csp = cspNonce ? { nonce: cspNonce } : undefined;

/** A person who asked their system for less motion gets none (WCAG 2.3.3): no fades, no waves. */
const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Ant Design's default blue (#1677ff) on white and its grey secondary text fall short of WCAG AA
 * contrast (4.5:1); one shade darker each passes. Hovered and pressed buttons go darker still, not
 * lighter as Ant Design's derived shades do, so white text stays readable in every state.
 */
const THEME = {
  token: {
    colorPrimary: '#0958d9',
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    // Ant Design's error red (#ff4d4f) is 3.2:1 on white; field and row errors must be read (5.9:1).
    colorError: '#cf1322',
    // Likewise its success green (#52c41a, 2.3:1), which a finished progress bar writes its figures in.
    colorSuccess: '#237804',
    motion: !reducedMotion,
  },
};

function Localised({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  useEffect(() => {
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} csp={csp} theme={THEME}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } } }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <Localised>{children}</Localised>
      </LocaleProvider>
    </QueryClientProvider>
  );
}
