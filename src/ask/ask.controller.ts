import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { AskService } from './ask.service';
import { AskRequestDto } from './dto/ask-request.dto';
import { AskResponse } from './dto/ask-response.dto';

@Controller('ask')
export class AskController {
  constructor(private readonly askService: AskService) {}

  /** 200 with the answer and the layer that served it (an answer is a result, not a created resource). */
  @Post()
  @HttpCode(HttpStatus.OK)
  ask(@Body() request: AskRequestDto): Promise<AskResponse> {
    return this.askService.ask(request);
  }
}
