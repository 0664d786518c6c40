import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The operator's page; it reads the service's own JSON endpoints, so it needs no provider. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
