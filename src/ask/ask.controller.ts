import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../access/api-key.guard';
import { callerControls } from '../access/caller';
import { upstreamKeyOf } from '../access/upstream-credential';
import { askControls } from './ask-controls';
import { AskService } from './ask.service';
import { AskRequestDto } from './dto/ask-request.dto';
import { AskResponse } from './dto/ask-response.dto';
import { ApiCacheControls, ApiErrors, CACHE_RESPONSE_HEADERS } from '../openapi/api-docs.decorators';

@ApiTags('ask')
@Controller('ask')
@UseGuards(ApiKeyGuard)
export class AskController {
  constructor(private readonly askService: AskService) {}

  /** 200 with the answer and the layer that served it (an answer is a result, not a created resource). */
  @Post()
  @ApiOperation({ summary: 'Answer a question, from the cache when it holds one (exact or paraphrase)' })
  @ApiOkResponse({ type: AskResponse, headers: CACHE_RESPONSE_HEADERS })
  @ApiCacheControls()
  @ApiErrors()
  @HttpCode(HttpStatus.OK)
  async ask(
    @Body() request: AskRequestDto,
    @Req() http: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AskResponse> {
    const controls = callerControls(http, askControls(request, http.headers));
    const { body, headers } = await this.askService.ask(request, controls, upstreamKeyOf(http));
    void reply.headers(headers);
    return body;
  }
}
