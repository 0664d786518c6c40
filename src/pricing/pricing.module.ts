import { Global, Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { ObservabilityConfig } from '../config/observability.config';
import { parsePriceFile, PriceTable } from './price-table';

function loadPriceTable(config: ObservabilityConfig): PriceTable {
  const file = config.pricesFile;
  if (file === undefined) return new PriceTable();
  try {
    return new PriceTable(parsePriceFile(JSON.parse(readFileSync(file, 'utf8')), file));
  } catch (error) {
    throw new Error(`PRICES_FILE ${file} is unusable: ${(error as Error).message}`, { cause: error });
  }
}

/** The model price table that turns saved tokens into saved dollars; read once at boot. */
@Global()
@Module({
  providers: [{ provide: PriceTable, useFactory: loadPriceTable, inject: [ObservabilityConfig] }],
  exports: [PriceTable],
})
export class PricingModule {}
