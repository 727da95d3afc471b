import { Inject, Injectable } from '@nestjs/common';
import { NATIONAL_DIVISION } from '@uplift/domain';
import {
  JOURNEY_REPOSITORY,
  type JourneyRepository,
  type JourneyScope,
  type SurveyGroups,
  type SurveySelection,
} from '@uplift/persistence';
import { childDigits, regulatorReportOfGroups, waveMonths, type RegulatorReport } from './regulator-report';
import { reportCsv, reportXlsx } from './report-files';

/**
 * The regulator's figures, their files and their paragraph, for any selection of journeys: a round's
 * report (the rounds feature) and a year's (this feature) say the same things the same way. SQL sums
 * the answers over fine groups (`surveyGroups`); this adds the groups up.
 */
@Injectable()
export class RegulatorReports {
  constructor(@Inject(JOURNEY_REPOSITORY) private readonly journeys: JourneyRepository) {}

  /** The fine groups of the selection inside `regionCode` (the nation: every journey in scope). */
  groups(selection: SurveySelection, scope: JourneyScope, regionCode: string): Promise<SurveyGroups> {
    return this.journeys.surveyGroups(
      selection,
      scope,
      regionCode === NATIONAL_DIVISION ? null : regionCode,
      childDigits(regionCode),
    );
  }

  figures(
    groups: SurveyGroups,
    options: {
      regionCode: string;
      /** Months after assistance of each wave (`waveMonths`), when not the round's own offsets. */
      waveMonths?: (number | null)[];
      evaluationOffsets?: readonly string[];
      bodies: Map<string, { code: string; name: string }>;
    },
  ): RegulatorReport {
    return regulatorReportOfGroups(groups, {
      regionCode: options.regionCode,
      waveMonths: options.waveMonths ?? waveMonths(options.evaluationOffsets),
      bodies: options.bodies,
    });
  }

  csv(report: RegulatorReport, title: string): string {
    return reportCsv(report, title);
  }

  xlsx(report: RegulatorReport, title: string): Promise<Buffer> {
    return reportXlsx(report, title);
  }
}
