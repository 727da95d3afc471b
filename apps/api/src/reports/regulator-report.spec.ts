import { waveMonths, yearWaveMonths } from './regulator-report';

describe("a year report's wave months", () => {
  it("are the rounds' months where every round asking the wave agrees, null where they differ", () => {
    const standard = waveMonths(['P90D', 'P180D', 'P365D']);
    expect(standard).toEqual([3, 6, 12]);
    expect(yearWaveMonths([standard, standard])).toEqual([3, 6, 12]);
    // A round asking two waves says nothing of the third; one asking the second at 4 months differs.
    expect(yearWaveMonths([standard, waveMonths(['P90D', 'P120D'])])).toEqual([3, null, 12]);
    expect(yearWaveMonths([])).toEqual([]);
  });
});
