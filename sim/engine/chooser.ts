// The chooser is the one source of nondeterminism. The simulator asks it for
// every choice it makes (which due event runs, every start, latency, lag and
// skew), so that a run is fully described by the list of answers it gave.

export type Chooser = {
  /**
   * An integer in [0, count). `count` >= 1; a count of 1 is still asked, so that the answers line up with the questions.
   *
   * `candidates`, given only for the choice of the next event, is the client
   * index behind each answer (answer i runs client candidates[i]), so that a
   * scheduler can prefer clients (PCT priorities). The answer is still the
   * position, so recorded answers replay with any chooser. The simulator
   * reuses the array: a chooser must not keep it past the call.
   */
  pick(count: number, what: string, candidates?: readonly number[]): number;
};

/** Replays recorded answers; throws when asked past them or out of range. */
export class ReplayChooser implements Chooser {
  private next = 0;
  constructor(private readonly answers: readonly number[]) {}

  pick(count: number, what: string): number {
    if (this.next >= this.answers.length) throw new ChoiceMismatch(`no recorded choice for ${what}`);
    const answer = this.answers[this.next]!;
    if (!(answer >= 0 && answer < count)) {
      throw new ChoiceMismatch(`recorded choice ${answer} for ${what} is out of range [0, ${count})`);
    }
    this.next += 1;
    return answer;
  }

  get consumed(): number {
    return this.next;
  }
}

export class ChoiceMismatch extends Error {}

/** Records the answers another chooser gives. */
export class RecordingChooser implements Chooser {
  readonly answers: number[] = [];
  constructor(private readonly inner: Chooser) {}

  pick(count: number, what: string, candidates?: readonly number[]): number {
    const answer = this.inner.pick(count, what, candidates);
    this.answers.push(answer);
    return answer;
  }
}
