import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { RegulatorReports } from './regulator-reports.service';
import { ReportsController } from './reports.controller';
import { YearReportService } from './year-report.service';

/** Reports in the regulator's form: the figures every report shares, a campaign year's report, frozen snapshots. */
@Module({
  imports: [PersistenceModule],
  controllers: [ReportsController],
  providers: [RegulatorReports, YearReportService],
  exports: [RegulatorReports, YearReportService],
})
export class ReportsModule {}
