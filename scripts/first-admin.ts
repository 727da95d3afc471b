/**
 * The first person to sign in to the console. The API only knows the bootstrap admin's API key; a
 * person signs in with a password set through an invitation. With UPLIFT_ADMIN_EMAIL (and the key it
 * acts with, UPLIFT_ADMIN_KEY) set, `npm start` makes that email an admin person once and invites it:
 * the link is emailed, and printed when the mail catcher is the embedded one. Later starts find the
 * person and invite no one (an invitation again: POST /v1/principals/{id}/invitation, see README).
 */
export interface FirstAdminOptions {
  apiUrl: string;
  adminKey: string;
  email: string;
  name: string;
  /** The embedded MailDev's web address, to read the link back from; absent for a real SMTP server. */
  mailWebUrl?: string;
}

export type FirstAdminOutcome =
  { kind: 'exists'; id: string } | { kind: 'invited'; id: string; link: string | null };

interface PrincipalRow {
  id: string;
  role: string;
  email: string;
  revokedAt: string | null;
}

async function call<T>(options: FirstAdminOptions, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${options.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.adminKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** The invitation link in the newest email to `email` the mail catcher holds, if one comes in time. */
async function linkFromMailCatcher(
  webUrl: string,
  email: string,
  timeoutMs = 15_000,
): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const emails = (await (await fetch(`${webUrl}/email`)).json()) as {
        to?: { address: string }[];
        text?: string;
      }[];
      for (const message of [...emails].reverse()) {
        if (!message.to?.some((to) => to.address.toLowerCase() === email.toLowerCase())) continue;
        const link = /https?:\/\/\S+\/console\/invitation\/[\w-]+/.exec(message.text ?? '');
        if (link) return link[0];
      }
    } catch {
      // The catcher is starting or busy: ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return null;
}

export async function ensureFirstAdmin(options: FirstAdminOptions): Promise<FirstAdminOutcome> {
  const listed = await call<PrincipalRow[] | { items: PrincipalRow[] }>(options, 'GET', '/v1/principals');
  const rows = Array.isArray(listed) ? listed : listed.items;
  const existing = rows.find(
    (p) =>
      p.role === 'admin' && p.revokedAt === null && p.email.toLowerCase() === options.email.toLowerCase(),
  );
  if (existing) return { kind: 'exists', id: existing.id };
  const created = await call<{ principal?: { id: string }; id?: string }>(options, 'POST', '/v1/principals', {
    role: 'admin',
    name: options.name,
    email: options.email,
  });
  const id = created.principal?.id ?? created.id;
  if (!id) throw new Error('POST /v1/principals answered without the principal id');
  await call(options, 'POST', `/v1/principals/${id}/invitation`);
  const link = options.mailWebUrl ? await linkFromMailCatcher(options.mailWebUrl, options.email) : null;
  return { kind: 'invited', id, link };
}
