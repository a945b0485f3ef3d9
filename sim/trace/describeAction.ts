// One-line words for requests, replies and effects, shared by every
// rendering of a trace (text, viewer, exports).

import type { Effect, ListedFile, Reply, Request } from '../../model/index.ts';

function baseName(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? name : name.slice(slash + 1);
}

export function describeRequest(request: Request): string {
  switch (request.kind) {
    case 'list':
      return `list ${request.prefix}`;
    case 'put':
      return `put ${request.name}`;
    case 'create':
      return `create-if-absent ${request.name}`;
    case 'cas':
      return `compare-and-swap ${request.name} v${request.expectedVersion}`;
    case 'delete':
      return `delete ${request.name}`;
    case 'write':
      return request.token === undefined ? 'data write' : `data write (token ${request.token})`;
    case 'date':
      return "read the store's clock";
  }
}

export function describeListed(file: ListedFile): string {
  return `${baseName(file.name)}@${file.mtimeTicks}${file.clientStampTicks !== file.mtimeTicks ? `/c${file.clientStampTicks}` : ''}`;
}

export function describeReply(reply: Reply): string {
  switch (reply.kind) {
    case 'listed':
      return `[${reply.files.map(describeListed).join(', ')}]`;
    case 'ok':
      return 'ok';
    case 'exists':
      return 'exists';
    case 'not-found':
      return 'not found';
    case 'conflict':
      return 'conflict';
    case 'rejected':
      return 'rejected';
    case 'date':
      return `store clock ${reply.ticks}`;
    case 'all':
      return reply.replies.map(describeReply).join(' | ');
  }
}

export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'wait':
      return `wait ${effect.ticks} ticks`;
    case 'enter':
      return `ENTER ${effect.section}`;
    case 'exit':
      return `leave ${effect.section}`;
    case 'done':
      return effect.outcome === 'finished' ? 'done' : 'gives up for good';
    case 'arm':
      return `arms its timer (fires in ${effect.afterTicks} ticks)`;
    case 'disarm':
      return 'cancels its timer';
    case 'end':
      return 'timer handler returns';
    case 'all':
      return `at once: ${effect.requests.map(describeRequest).join(' | ')}`;
    default:
      return describeRequest(effect);
  }
}
