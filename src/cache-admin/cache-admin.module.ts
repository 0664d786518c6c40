import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { EmbedCacheModule } from '../embed-cache/embed-cache.module';
import { PromptCacheModule } from '../prompt-cache/prompt-cache.module';
import { CacheAdminController } from './cache-admin.controller';
import { CacheAdminService } from './cache-admin.service';

@Module({
  imports: [AccessModule, PromptCacheModule, EmbedCacheModule],
  controllers: [CacheAdminController],
  providers: [CacheAdminService],
  exports: [CacheAdminService],
})
export class CacheAdminModule {}
