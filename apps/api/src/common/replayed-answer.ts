/** An error answer stored under an Idempotency-Key, thrown to the exception filter to be sent again as it was. */
export class ReplayedAnswer extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super('replayed answer');
    this.name = 'ReplayedAnswer';
  }
}
