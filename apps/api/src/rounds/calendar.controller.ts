import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CN_CALENDAR } from '@uplift/domain';
import { ApiContract } from '../common/api-contract';
import { calendarViewSchema } from './rounds.dto';

/** The working-day calendar rounds with `calendar: "cn-workdays"` count their deadlines by. */
@ApiTags('rounds')
@Controller('v1/calendar')
export class CalendarController {
  @Get()
  @ApiContract({
    summary: 'The working-day calendar',
    description:
      "Where the mainland calendar's holidays and adjusted working days (调休) come from, and the years it covers. A round counting working days whose deadlines run past `lastYear` is accepted with a warning: after it only weekends count as days off. Any signed-in principal.",
    ok: { description: 'The bundled calendar.', schema: calendarViewSchema },
  })
  calendar() {
    return { source: CN_CALENDAR.source, firstYear: CN_CALENDAR.firstYear, lastYear: CN_CALENDAR.lastYear };
  }
}
