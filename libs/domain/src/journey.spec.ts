import { isJourneyId, journeyId } from './journey';

describe('journey ids', () => {
  it('recognises the ids journeyId gives', () => {
    expect(isJourneyId(journeyId('0b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', '91350100M000100Y43'))).toBe(true);
  });

  it.each([
    'journey-',
    'journey-0b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-91350100M000100Y4',
    'journey-0b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-91350100M000100Y43\u0000',
    '../journey-0b6f3a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-91350100M000100Y43',
    "journey-' OR 1=1 --",
  ])('refuses %p', (id) => {
    expect(isJourneyId(id)).toBe(false);
  });
});
