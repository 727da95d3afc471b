import { Button } from 'antd';
import { useLocale } from '../lib/i18n';
import { useT } from '../lib/text';

/** 中文 / English, remembered on this browser. */
export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'link' | 'default' }) {
  const { locale, setLocale } = useLocale();
  const t = useT();
  return (
    <Button
      type={type}
      lang={locale === 'en' ? 'zh-CN' : 'en'}
      onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
      data-testid="language-switch"
    >
      {t.switchLanguage}
    </Button>
  );
}
