import { RESULT_CODES, resultOf, type AntomResult, type ResultCode, type ResultStatus } from './result-codes.js';

/** The one typed error of the protocol: an Antom result code, its status and a message. */
export class AntomError extends Error {
  readonly code: ResultCode;
  readonly status: ResultStatus;

  constructor(code: ResultCode, message?: string) {
    super(message ?? RESULT_CODES[code].message);
    this.name = 'AntomError';
    this.code = code;
    this.status = RESULT_CODES[code].status;
  }

  toResult(): AntomResult {
    return resultOf(this.code, this.message);
  }
}

export function paramIllegal(field: string, problem: string): AntomError {
  return new AntomError('PARAM_ILLEGAL', `${field}: ${problem}`);
}
