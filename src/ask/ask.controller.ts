import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { askControls } from './ask-controls';
import { AskService } from './ask.service';
import { AskRequestDto } from './dto/ask-request.dto';
import { AskResponse } from './dto/ask-response.dto';

@Controller('ask')
export class AskController {
  constructor(private readonly askService: AskService) {}

  /** 200 with the answer and the layer that served it (an answer is a result, not a created resource). */
  @Post()
  @HttpCode(HttpStatus.OK)
  async ask(
    @Body() request: AskRequestDto,
    @Req() http: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AskResponse> {
    const { body, headers } = await this.askService.ask(request, askControls(request, http.headers));
    void reply.headers(headers);
    return body;
  }
}
