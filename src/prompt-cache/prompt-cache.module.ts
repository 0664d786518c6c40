import { Module } from '@nestjs/common';
import { cacheStoreProvider } from './cache-store.provider';
import { PromptCacheService } from './prompt-cache.service';

@Module({
  providers: [cacheStoreProvider, PromptCacheService],
  exports: [PromptCacheService],
})
export class PromptCacheModule {}
