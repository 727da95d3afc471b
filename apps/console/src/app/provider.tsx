import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState, type ReactNode } from 'react';
import { LocaleProvider, useLocale } from '../lib/i18n';

/**
 * The page's nonce for the Content-Security-Policy (the API writes it into index.html per request):
 * Ant Design's injected <style> tags carry it, so styles need no 'unsafe-inline'.
 */
const nonce = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? undefined;
const csp = nonce && !nonce.startsWith('__') ? { nonce } : undefined;

function Localised({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  useEffect(() => {
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} csp={csp}>
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
