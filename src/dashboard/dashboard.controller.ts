import { Controller, Get, Header } from '@nestjs/common';
import { DASHBOARD_HTML } from './dashboard-page';

/** GET /dashboard: the static page; its data comes from /metrics/json and the admin-only /cache/entries. */
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  page(): string {
    return DASHBOARD_HTML;
  }
}
