/**
 * The page's nonce for the Content-Security-Policy: the API writes a fresh one into index.html per
 * request (apps/api/src/console). Ant Design's styles get it through ConfigProvider; a few helpers
 * underneath (rc-table measuring the scrollbar) add a <style> of their own without asking, so every
 * <style> this app's scripts create carries it. Markup injected into the page still cannot style it.
 */
const meta = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
export const cspNonce: string | undefined = meta && !meta.startsWith('__') ? meta : undefined;

export function nonceEveryStyle(): void {
  if (!cspNonce) return;
  const create = document.createElement.bind(document) as (
    tag: string,
    options?: ElementCreationOptions,
  ) => HTMLElement;
  document.createElement = ((tag: string, options?: ElementCreationOptions) => {
    const element = create(tag, options);
    if (tag.toLowerCase() === 'style') element.setAttribute('nonce', cspNonce);
    return element;
  }) as typeof document.createElement;
}
