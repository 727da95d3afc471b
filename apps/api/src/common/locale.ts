import type { FastifyReply } from 'fastify';
import {
  THING_LABELS,
  negotiateLocale,
  renderMessage,
  type ErrorDetail,
  type FieldError,
  type MessageCode,
  type MessageLocale,
  type MessageParams,
} from '@uplift/domain';
import { TemplateRenderer } from '@uplift/notifications';

/**
 * The language of what the API says to a request: `Accept-Language` (zh-CN or en, q-values
 * respected). Without one, English: API clients written before messages had a language read English,
 * and the console sends the person's language explicitly.
 */
export const API_DEFAULT_LOCALE: MessageLocale = 'en';

export function requestLocale(
  request: { headers?: Record<string, string | string[] | undefined> } | undefined,
) {
  return negotiateLocale(request?.headers?.['accept-language'], API_DEFAULT_LOCALE);
}

/** Answers that differ by `Accept-Language` say so, for caches, beside whatever else they vary by. */
export function varyByLanguage(reply: Pick<FastifyReply, 'getHeader' | 'header'>): void {
  const current = reply.getHeader('vary');
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (list.some((v) => v === '*' || v.toLowerCase() === 'accept-language')) return;
  void reply.header('vary', [...list, 'Accept-Language'].join(', '));
}

/** Labels the catalog's parameters name by code: stages, steps and roles (labels.json). */
interface LabelTables {
  stages?: Record<string, string>;
  steps?: Record<string, string>;
  roles?: Record<string, string>;
  responsible?: Record<string, string>;
  roundStatus?: Record<string, string>;
}

let renderer: TemplateRenderer | undefined;
function labels(locale: MessageLocale): LabelTables {
  renderer ??= new TemplateRenderer();
  return renderer.labels(locale) as unknown as LabelTables;
}

/**
 * Parameters as `locale` says them. English keeps codes as they are (`screening`, `diagnosis`: what
 * clients have always matched); Chinese names stages, steps, roles and things by their labels.
 */
export function localParams(params: MessageParams | undefined, locale: MessageLocale): MessageParams {
  if (!params || locale === 'en') return params ?? {};
  const table = labels(locale);
  const role = (r: string) => table.roles?.[r] ?? table.responsible?.[r] ?? r;
  const out: Record<string, string | number> = { ...params };
  if (typeof params.stage === 'string') out.stage = table.stages?.[params.stage] ?? params.stage;
  if (typeof params.step === 'string') out.step = table.steps?.[params.step] ?? params.step;
  if (typeof params.role === 'string') out.role = role(params.role);
  if (typeof params.roles === 'string') out.roles = params.roles.split(' or ').map(role).join('或');
  if (typeof params.status === 'string') out.status = table.roundStatus?.[params.status] ?? params.status;
  if (typeof params.what === 'string') out.what = THING_LABELS[params.what] ?? '所请求的资源';
  return out;
}

/** `code`'s message in `locale`, its parameters said in that language. */
export function say(code: MessageCode, locale: MessageLocale, params?: MessageParams): string {
  return renderMessage(code, locale, localParams(params, locale));
}

/** An answer's detail: `{ field, code, message }` in `locale`; one made without a code keeps its words. */
export function localDetail(detail: FieldError, locale: MessageLocale): ErrorDetail {
  if (!detail.code) return { field: detail.field, code: 'invalid', message: detail.message };
  return { field: detail.field, code: detail.code, message: say(detail.code, locale, detail.params) };
}
