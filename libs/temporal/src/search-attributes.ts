import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Indexed in Temporal so the Web UI can list journeys by stage, round or stalled state. */
export const SA_STAGE = defineSearchAttributeKey('UpliftStage', SearchAttributeType.KEYWORD);
export const SA_STALLED = defineSearchAttributeKey('UpliftStalled', SearchAttributeType.BOOL);
export const SA_ROUND = defineSearchAttributeKey('UpliftRoundId', SearchAttributeType.KEYWORD);
export const SA_REGION = defineSearchAttributeKey('UpliftRegion', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [SA_STAGE, SA_STALLED, SA_ROUND, SA_REGION];

/** `KEY=Type` pairs for `temporal server start-dev --search-attribute`. */
export function devServerSearchAttributeFlags(): string[] {
  const typeName: Record<string, string> = { KEYWORD: 'Keyword', BOOL: 'Bool' };
  return SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${typeName[k.type]}`]);
}
