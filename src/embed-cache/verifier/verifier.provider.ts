import { Logger, Provider } from '@nestjs/common';
import { SemanticVerifyConfig } from '../../config/semantic-verify.config';
import { LlmService } from '../../llm/llm.service';
import { GuardVerifier } from './adapters/guard-verifier';
import { LlmVerifier } from './adapters/llm-verifier';
import { NoVerifier } from './adapters/no-verifier';
import { Verifier } from './verifier.port';

/** Chooses the verifier from SEMANTIC_VERIFIER (default `guard`). */
export const verifierProvider: Provider = {
  provide: Verifier,
  inject: [SemanticVerifyConfig, LlmService],
  useFactory: (config: SemanticVerifyConfig, llm: LlmService): Verifier => {
    const verifier = chooseVerifier(config, llm);
    const scope = config.verifyAll ? 'every semantic hit' : `candidates up to ${config.band} below the threshold`;
    new Logger('Verifier').log(
      verifier.kind === 'none' ? 'Semantic verifier: none' : `Semantic verifier: ${verifier.kind}, on ${scope}`,
    );
    return verifier;
  },
};

function chooseVerifier(config: SemanticVerifyConfig, llm: LlmService): Verifier {
  switch (config.verifier) {
    case 'guard':
      return new GuardVerifier();
    case 'llm':
      return new LlmVerifier(llm, config);
    case 'none':
      return new NoVerifier();
  }
}
