/**
 * Digests at scale without driving thousands of journeys through their stalls: `recipients` bureau
 * staff (regulator principals), each with `perRecipient` stalled journeys in the read model and two
 * digest items per journey (a reminder and an escalation), as the journey activities store them.
 * For the digest fault suite and the bench, which measure the dispatcher, not the stalls.
 */
export async function seedDigests(
  query: (sql: string, params?: unknown[]) => Promise<unknown[]>,
  options: { roundId: string; recipients: number; perRecipient: number; tag: string },
): Promise<{ recipientIds: string[]; emails: string[]; journeys: number }> {
  const { roundId, recipients, perRecipient, tag } = options;
  const people = (await query(
    `INSERT INTO principals (role, name, email, region_code, key_prefix, key_hash)
     SELECT 'regulator', '杭州市局' || g, 'digest-' || $1::text || '-' || g || '@samr.example', '330100',
            'seed', 'seed-' || $1::text || '-' || g || '-' || gen_random_uuid()
       FROM generate_series(1, $2::int) AS g
     RETURNING id, email`,
    [tag, recipients],
  )) as { id: string; email: string }[];
  const ids = people.map((p) => p.id);
  const journeys = recipients * perRecipient;
  const stages = ['screening', 'diagnosis', 'assistance', 'certification'];
  for (let offset = 0; offset < journeys; offset += 5000) {
    const upTo = Math.min(journeys, offset + 5000);
    await query(
      `INSERT INTO journeys (id, round_id, uscc, enterprise, region_code, industry_code, stage, stalled, deadline,
                            state, version, launched_at, due_step)
       SELECT 'journey-' || $1::text || '-91330106DGST' || lpad(g::text, 6, '0'), $1::uuid,
              '91330106DGST' || lpad(g::text, 6, '0'),
              jsonb_build_object('name', '待办企业' || g, 'uscc', '91330106DGST' || lpad(g::text, 6, '0')),
              '330106', 'C3511', ($4::text[])[1 + g % 4], true, now() - interval '3 days',
              '{"stalledSince": "2026-01-01T00:00:00.000Z"}'::jsonb, 5, now(), 'diagnosis'
         FROM generate_series($2::int + 1, $3::int) AS g`,
      [roundId, offset, upTo, stages],
    );
    await query(
      `INSERT INTO digest_items (key, recipient, journey_id, round_id, stage, step, template)
       SELECT 'journey-' || $1::text || '-91330106DGST' || lpad(g::text, 6, '0') || ':' || t, ($4::text[])[1 + g % $5::int],
              'journey-' || $1::text || '-91330106DGST' || lpad(g::text, 6, '0'), $1::uuid, ($6::text[])[1 + g % 4],
              'diagnosis', t
         FROM generate_series($2::int + 1, $3::int) AS g, unnest(ARRAY['reminder', 'escalation']) AS t`,
      [roundId, offset, upTo, ids, recipients, stages],
    );
  }
  await query('ANALYZE journeys');
  await query('ANALYZE digest_items');
  // Journey g belongs to recipient g mod `recipients`: the ids in that order.
  return { recipientIds: ids, emails: people.map((p) => p.email), journeys };
}
