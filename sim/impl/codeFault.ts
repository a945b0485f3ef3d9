/**
 * Real client code that broke a scheduling rule or threw: its own words,
 * reported as a protocol fault with the step of its code it happened at
 * (the input history is no state a reader could use).
 */
export class CodeFault extends Error {
  constructor(
    message: string,
    readonly codeStep: number,
  ) {
    super(`${message} (in step ${codeStep} of its code)`);
  }
}
