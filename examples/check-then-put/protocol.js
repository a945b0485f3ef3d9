// check-then-put: the classic time-of-check-to-time-of-use bug, written in
// plain JavaScript against locksim's protocol API. A client lists, and if no
// lock is there it puts its own and enters. Two clients that both list before
// either lock commits both enter. `locksim check` finds it on any store.

import { z } from 'locksim';

const prefix = 'locks/';

/** @type {import('locksim').Protocol<{}, { pc: string }>} */
export const protocol = {
  name: 'check-then-put',
  summary: 'list, and if no lock is listed, put yours and enter (deliberately racy)',
  roles: ['locker'],
  sections: ['exclusive'],
  options: z.object({}).strict(),
  init() {
    return { pc: 'start' };
  },
  step(state, input, context) {
    switch (state.pc) {
      case 'start':
        return { state: { pc: 'checked' }, effect: { kind: 'list', prefix } };
      case 'checked': {
        const others = input.reply?.kind === 'listed' ? input.reply.files.filter((file) => file.owner !== context.id) : [];
        if (others.length > 0) return { state: { pc: 'done' }, effect: { kind: 'done', outcome: 'gave-up' }, note: `saw ${others[0].name}` };
        // The bug: between the list above and this put, another client may do the same.
        return { state: { pc: 'posted' }, effect: { kind: 'put', name: `${prefix}LOCK-${context.id}`, body: 'LOCK' } };
      }
      case 'posted':
        return { state: { pc: 'holding' }, effect: { kind: 'enter', section: 'exclusive' } };
      case 'holding':
        return { state: { pc: 'releasing' }, effect: { kind: 'exit', section: 'exclusive' } };
      case 'releasing':
        return { state: { pc: 'done' }, effect: { kind: 'delete', name: `${prefix}LOCK-${context.id}` } };
      default:
        return { state: { pc: 'done' }, effect: { kind: 'done', outcome: 'finished' } };
    }
  },
  describe(state) {
    return state.pc;
  },
};
