import { Module } from '@nestjs/common';
import { CacheStoreModule } from '../cache-store/cache-store.module';
import { PromptCacheService } from './prompt-cache.service';

@Module({
  imports: [CacheStoreModule],
  providers: [PromptCacheService],
  exports: [PromptCacheService],
})
export class PromptCacheModule {}
