import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AnswerCacheModule } from '../answer-cache/answer-cache.module';
import { LlmModule } from '../llm/llm.module';
import { AskController } from './ask.controller';
import { AskService } from './ask.service';

@Module({
  imports: [AccessModule, AnswerCacheModule, LlmModule],
  controllers: [AskController],
  providers: [AskService],
})
export class AskModule {}
